import type { Role } from '@zibo/domain';
import type { SignInStep } from './bearer-authenticator';

/** The signed-in caller, as every guard, controller and use case sees it. */
export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  departmentId: string | null;
  /** The server-side session the access token belongs to; absent for a sign-in step token. */
  sessionId?: string;
  /** Present when the caller holds a step token instead of a session: which step, and what sign-in proved. */
  step?: { purpose: SignInStep; amr: string[]; passwordChangeReason?: string };
}
