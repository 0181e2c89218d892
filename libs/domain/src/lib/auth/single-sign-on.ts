import * as z from 'zod';
import { ROLES, type Role } from './roles';
import { uuidSchema } from '../validation/common.schemas';

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

// A claim value as providers send them (a department code, a group path such as /zone/econ).
const claimValueSchema = z
  .string()
  .trim()
  .min(1, 'Required')
  .max(200, 'At most 200 characters')
  .regex(/^[^\p{Cc}]+$/u, 'No control characters');

export const createOidcMappingSchema = z.strictObject({
  claimValue: claimValueSchema,
  role: z.enum(ROLES),
  departmentId: uuidSchema.nullable().optional(),
});
export type CreateOidcMappingInput = z.output<typeof createOidcMappingSchema>;

export const updateOidcMappingSchema = z
  .strictObject({
    claimValue: claimValueSchema.optional(),
    role: z.enum(ROLES).optional(),
    departmentId: uuidSchema.nullable().optional(),
  })
  .refine((value) => Object.keys(value).length > 0, { message: 'Nothing to change' });
export type UpdateOidcMappingInput = z.output<typeof updateOidcMappingSchema>;

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

const callbackValue = z.string().max(4096, 'At most 4096 characters');

/**
 * `GET /api/auth/oidc/callback`: what the provider sends back (RFC 6749 §4.1.2, RFC 9207 `iss`).
 * Loose on purpose: a provider may add parameters of its own (session_state…), which are ignored.
 */
export const oidcCallbackQuerySchema = z.looseObject({
  code: callbackValue.optional(),
  state: callbackValue.optional(),
  iss: callbackValue.optional(),
  error: callbackValue.optional(),
  error_description: callbackValue.optional(),
});
