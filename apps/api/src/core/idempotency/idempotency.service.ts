import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import canonicalize from 'canonicalize';
import type { z } from 'zod';
import { parseInput } from '@zibo/domain';
import type { AuthUser } from '../access/auth-user';
import { UnitOfWork } from '../database/unit-of-work';
import { setEtag } from '../http/etag';
import { problems } from '../problems/problem.exception';

export interface CreatedResult<T> {
  status: number;
  location: string;
  body: T;
}

const KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * `Idempotency-Key` on creating POSTs (docs/rules.md): the first request's response is stored in the
 * same transaction as what it created; a replay with the same body gets that response and creates
 * nothing; the same key with another body is 422. Keys are per caller.
 *
 * The fingerprint is taken of the body as `schema` parsed it (trimmed, NFC), never of raw input: a
 * body that fails validation is not looked up or hashed but handed to `work`, which answers it in
 * the contract's order (403 before 400) and stores nothing.
 */
@Injectable()
export class IdempotencyService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async create<T extends { version?: number }>(
    request: Request,
    response: Response,
    actor: AuthUser,
    schema: z.ZodType,
    work: () => Promise<CreatedResult<T>>,
  ): Promise<T> {
    const key = request.header('idempotency-key');
    const input = parseInput(schema, request.body ?? {});
    const result =
      key === undefined || !input.ok ? await work() : await this.once(request, actor, key, input.value, work);
    return this.respond(response, result);
  }

  /** `create` with the usual answer: 201, the new record's Location in `collection` (e.g. `/api/tasks`). */
  created<T extends { id: string; version?: number }>(
    request: Request,
    response: Response,
    actor: AuthUser,
    schema: z.ZodType,
    collection: string,
    work: () => Promise<T>,
  ): Promise<T> {
    return this.create(request, response, actor, schema, async () => {
      const body = await work();
      return { status: 201, location: `${collection}/${body.id}`, body };
    });
  }

  /**
   * The same for a request whose body is not JSON (an uploaded file): `fingerprint` stands for
   * it (e.g. the file's SHA-256), taken after the request was checked.
   */
  async createFrom<T extends { version?: number }>(
    request: Request,
    response: Response,
    actor: AuthUser,
    fingerprint: unknown,
    work: () => Promise<CreatedResult<T>>,
  ): Promise<T> {
    const key = request.header('idempotency-key');
    const result = key === undefined ? await work() : await this.once(request, actor, key, fingerprint, work);
    return this.respond(response, result);
  }

  private respond<T extends { version?: number }>(response: Response, result: CreatedResult<T>): T {
    response.status(result.status).location(result.location);
    if (typeof result.body.version === 'number') setEtag(response, result.body.version);
    return result.body;
  }

  private once<T>(
    request: Request,
    actor: AuthUser,
    key: string,
    input: unknown,
    work: () => Promise<CreatedResult<T>>,
  ) {
    if (!KEY.test(key)) {
      throw problems.invalid([
        { field: 'Idempotency-Key', code: 'invalid', message: '1–200 visible ASCII characters' },
      ]);
    }
    const requestHash = createHash('sha256')
      .update(`${request.method} ${request.baseUrl}${request.path}\n${canonicalize(input) ?? ''}`)
      .digest('hex');
    return this.unitOfWork.run(async (tx) => {
      // Serialises concurrent requests with the same key: the second waits, then replays.
      await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`idempotency:${actor.id}:${key}`]);
      const stored: { request_hash: string; status: number; location: string; body: T }[] = await tx.query(
        'SELECT request_hash, status, location, body FROM idempotency_record WHERE user_id = $1 AND key = $2',
        [actor.id, key],
      );
      const previous = stored[0];
      if (previous) {
        if (previous.request_hash !== requestHash) {
          throw problems.unprocessable(
            [{ field: 'Idempotency-Key', code: 'reused', message: 'This key was used for a different request' }],
            'The Idempotency-Key was already used with another request body.',
          );
        }
        return { status: previous.status, location: previous.location, body: previous.body };
      }
      const result = await work();
      await tx.query(
        'INSERT INTO idempotency_record (user_id, key, request_hash, status, location, body) VALUES ($1, $2, $3, $4, $5, $6)',
        [actor.id, key, requestHash, result.status, result.location, JSON.stringify(result.body)],
      );
      return result;
    });
  }
}
