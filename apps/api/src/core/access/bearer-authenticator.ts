import type { Request } from 'express';
import type { AuthUser } from './auth-user';

/**
 * Short-lived tokens sign-in hands out for one step before the session starts, each good only on
 * the routes that declare it (`@Access({ step })`): the forced password change and TOTP enrolment.
 */
export type SignInStep = 'password-change' | 'mfa-enrolment';

/**
 * Who sent a request with `Authorization: Bearer …`. The auth feature provides it (sessions live
 * there); the access guard only asks. Throws the problem to answer: 401 for a missing, invalid,
 * expired or signed-out token, 503 while the session cannot be looked up.
 */
export abstract class BearerAuthenticator {
  abstract authenticate(request: Request, step: SignInStep | undefined): Promise<AuthUser>;
}
