import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { AuthUser } from './auth-user';

/** A request of a signed-in user that was refused: 403, or 404 for a record hidden (or unknown). */
export interface AccessDenial {
  user: AuthUser;
  status: number;
  method: string;
  /** The route's pattern (`/api/tasks/:id`), null when none matched. */
  route: string | null;
  /** The record type the route's `:id` names, when its access rule declares one. */
  resource: string | null;
  /** The `:id` as sent (possibly malformed). */
  recordId: string | null;
}

export type AccessDenialRecorder = (denial: AccessDenial) => Promise<void>;

/** The request as the access guard leaves it: who called, and what record its route is about. */
export interface GuardedRequest extends Request {
  user?: AuthUser;
  accessResource?: string;
}

/** The denial a refused request amounts to, or null when nobody signed-in was refused. */
export function denialOf(request: GuardedRequest, status: number): AccessDenial | null {
  if ((status !== 403 && status !== 404) || !request.user) return null;
  const id = request.params?.['id'];
  const pattern = (request.route as { path?: unknown } | undefined)?.path;
  return {
    user: request.user,
    status,
    method: request.method,
    route: typeof pattern === 'string' ? `${request.baseUrl}${pattern}` : null,
    resource: request.accessResource ?? null,
    recordId: typeof id === 'string' ? id : null,
  };
}

/**
 * Where the problem filter reports refusals. The audit feature registers the recorder at start
 * (denials are security events in the audit log), so core depends on no feature.
 */
@Injectable()
export class AccessDenials {
  private recorder: AccessDenialRecorder | null = null;

  register(recorder: AccessDenialRecorder): void {
    this.recorder = recorder;
  }

  async report(denial: AccessDenial): Promise<void> {
    await this.recorder?.(denial);
  }
}
