import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export interface RequestContext {
  requestId: string;
  ip: string | null;
  /** The client's User-Agent, recorded with each session (at most 256 characters). */
  userAgent: string | null;
  /**
   * Facts this request has already checked against the database (e.g. "no task's status is stale
   * today", asked together with the access guard's visibility check), so that a later step of the
   * same request need not ask again in a statement of its own.
   */
  checked: Set<string>;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The request being served, for code (the audit writer) that is called far from the controller. */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Gives every request an id (the caller's `X-Request-Id` when well-formed), echoes it back, and
 * makes it and the client address available to the audit writer and the logs.
 */
export function requestContextMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.header('x-request-id');
  const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  (req as Request & { id?: string }).id = requestId;
  res.setHeader('X-Request-Id', requestId);
  const userAgent = req.header('user-agent')?.slice(0, 256) ?? null;
  storage.run({ requestId, ip: req.ip ?? null, userAgent, checked: new Set() }, () => next());
}
