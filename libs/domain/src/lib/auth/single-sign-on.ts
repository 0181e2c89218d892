import type { Role } from './roles';

// Constants and views only: the schemas are in single-sign-on.schemas.ts, so the sign-in page can
// read SSO_ERROR_CODES without loading zod.

/**
 * Authentication methods (RFC 8176 `amr` values) that mean a second factor was used at the
 * zone's identity provider: only then does its sign-in satisfy the MFA rule by itself.
 */
export const SECOND_FACTOR_AMR = [
  'mfa',
  'otp',
  'hwk',
  'swk',
  'sms',
  'tel',
  'sc',
  'fpt',
  'face',
  'iris',
  'retina',
  'vbm',
];

/** Whether a provider's `amr` claim says a second factor was used. */
export function amrHasSecondFactor(amr: unknown): boolean {
  return Array.isArray(amr) && amr.some((method) => typeof method === 'string' && SECOND_FACTOR_AMR.includes(method));
}

/** Why a single sign-on came back to the sign-in page (`/login?sso=<code>`). */
export const SSO_ERROR_CODES = ['state', 'provider', 'token', 'unmapped', 'locked', 'unavailable'] as const;
export type SsoErrorCode = (typeof SSO_ERROR_CODES)[number];

/** One row of the table the security administrator keeps: a claim value → role and department. */
export interface OidcMappingView {
  id: string;
  claimValue: string;
  role: Role;
  departmentId: string | null;
  version: number;
}

/** `GET /api/auth/oidc/config`: whether the sign-in page offers single sign-on. */
export interface OidcConfigView {
  enabled: boolean;
}

/** `GET /api/security-policy`: the policy in force, as configured (read-only). */
export interface SecurityPolicyView {
  password: {
    minLength: number;
    /** Checked against a shipped list of common passwords. */
    commonListChecked: boolean;
    /** 0 = no maximum age. */
    maxAgeDays: number;
    mustChangeAfterAdminReset: boolean;
  };
  mfa: { requiredRoles: Role[]; method: 'totp'; recoveryCodes: number };
  session: { idleMinutes: number; absoluteHours: number; accessTokenMinutes: number };
  throttling: {
    pairFailures: number;
    usernameFailures: number;
    windowMinutes: number;
    perAddressPerMinute: number;
    trustProxy: boolean;
  };
  singleSignOn: { enabled: boolean; issuer: string | null; claim: string | null };
  demoAccountsExempt: boolean;
}
