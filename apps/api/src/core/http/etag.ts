import type { Request, Response } from 'express';
import { problems } from '../problems/problem.exception';

/** Strong ETag of a versioned record: its optimistic-lock counter, quoted. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

export function setEtag(response: Response, version: number): void {
  response.setHeader('ETag', etagOf(version));
}

/** The record as the response body, its version as the ETag. */
export function withEtag<T extends { version: number }>(response: Response, record: T): T {
  setEtag(response, record.version);
  return record;
}

/**
 * The version the client says it saw. `required`: PATCH (missing or `*` → 428);
 * otherwise optional (action POSTs) and undefined when absent.
 */
export function expectedVersion(request: Request, required: boolean): number | undefined {
  return parseIfMatch(request.header('if-match'), required);
}

export function parseIfMatch(raw: string | undefined, required: boolean): number | undefined {
  const header = raw?.trim();
  if (!header || header === '*') {
    if (required) throw problems.preconditionRequired();
    return undefined;
  }
  const match = /^(?:W\/)?"(\d+)"$/.exec(header);
  // An unparseable tag can never equal a current ETag: stale by definition.
  return match ? Number(match[1]) : -1;
}

/** 412 unless the client saw the current version. */
export function assertVersion(expected: number | undefined, current: number): void {
  if (expected !== undefined && expected !== current) throw problems.preconditionFailed(current);
}
