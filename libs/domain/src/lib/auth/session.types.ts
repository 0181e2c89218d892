import type { UserView } from '../users/user.types';

/** How the session's user proved who they are (RFC 8176 values): password, one-time code, both. */
export type AuthenticationMethod = 'pwd' | 'otp' | 'mfa';

/** A signed-in session: the answer of every sign-in step that completes, and of `POST /api/auth/refresh`. */
export interface LoginResponse {
  /** Bearer token for `Authorization`; lives at most 15 minutes. */
  accessToken: string;
  /** Seconds until `accessToken` expires. */
  expiresIn: number;
  user: UserView;
  session: {
    /** The session ends after this many seconds without a request the user started. */
    idleTimeoutSeconds: number;
    /** The session ends at this instant whatever the activity (the absolute limit). */
    expiresAt: string;
  };
}

export interface MfaChallenge {
  mfaRequired: true;
  /** Short-lived; good only for `POST /api/auth/login/mfa`. */
  mfaToken: string;
}

/** Why a password must be changed before the session starts. */
export type PasswordChangeReason = 'initial' | 'expired' | 'policy';

export interface PasswordChangeDemand {
  passwordChangeRequired: true;
  /** Short-lived bearer token good only for `PUT /api/me/password`. */
  changeToken: string;
  reason: PasswordChangeReason;
}

export interface MfaEnrolmentDemand {
  mfaEnrolmentRequired: true;
  /** Short-lived bearer token good only for `POST /api/me/mfa/totp` and `/confirm`. */
  enrolToken: string;
}

/**
 * What `POST /api/auth/login` (and every later step) answers: a session, or the next step. The
 * steps come in this order: second factor (when enrolled) → password change → enrolment → session.
 */
export type LoginOutcome = LoginResponse | MfaChallenge | PasswordChangeDemand | MfaEnrolmentDemand;

export function isSession(outcome: LoginOutcome): outcome is LoginResponse {
  return 'accessToken' in outcome;
}

/** `POST /api/me/mfa/totp`: the secret to put into an authenticator app. */
export interface TotpEnrolmentView {
  /** Base32, for typing in by hand. */
  secret: string;
  otpauthUrl: string;
  /** The otpauth URL as a QR code (PNG data URL) for the screen. */
  qrCode: string;
}

/**
 * `POST /api/me/mfa/totp/confirm`: ten single-use recovery codes, shown once. When the confirmation
 * completes a sign-in (with an enrolment token) the body is also the session, as a login answers.
 */
export type TotpConfirmation = { recoveryCodes: string[] } & Partial<LoginResponse>;

/** `GET /api/auth/policy`: what the sign-in and password pages tell the user before they try. */
export interface AuthPolicyView {
  passwordMinLength: number;
  /** Demo data on: the seeded demo accounts need no second factor and keep their password. */
  demoAccountsExempt: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
}
