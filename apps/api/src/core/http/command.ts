import type { Request } from 'express';
import type { z } from 'zod';
import type { AuthUser } from '../access/auth-user';
import { assertVersion, parseIfMatch } from './etag';
import { parseOrThrow } from './parse';

/**
 * A write request as a use case receives it: the caller, the raw body and the If-Match header.
 * The use case checks them in the contract's order — 403 (after loading the record), then 400
 * (`parse`), then 428/412 (`checkVersion`), then 409 and 422 — so the first failing check wins.
 */
export class Command {
  constructor(
    readonly actor: AuthUser,
    private readonly body: unknown,
    private readonly ifMatch: string | undefined,
  ) {}

  static from(actor: AuthUser, request: Request): Command {
    return new Command(actor, request.body, request.header('if-match'));
  }

  /** The body as sent, before parsing: for a 403 that names the fields a caller may not set. */
  bodyAsSent(): unknown {
    return this.body;
  }

  parse<S extends z.ZodType>(schema: S): z.output<S> {
    return parseOrThrow(schema, this.body ?? {});
  }

  /** 428 when required and missing, 412 when stale; optional on action POSTs. */
  checkVersion(current: number, required: boolean): void {
    assertVersion(parseIfMatch(this.ifMatch, required), current);
  }
}
