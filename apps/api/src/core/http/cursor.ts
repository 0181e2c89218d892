import { z } from 'zod';
import { problems } from '../problems/problem.exception';

/**
 * Opaque list cursors: the sort key of the last item, a JSON array, base64url-encoded.
 * A cursor reaches SQL only after its key passed the list's own shape (strictly parsed), so a
 * forged, garbled or another list's cursor is a 400 `cursor`, never a database error.
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor<S extends z.ZodType>(cursor: string | undefined, key: S): z.output<S> | undefined {
  if (!cursor) return undefined;
  return cursorKeyOf(cursorContent(cursor), key);
}

/** The JSON a cursor holds, or undefined when it is not base64url-encoded JSON. */
export function cursorContent(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** A cursor's content once it passed the list's key shape; 400 `cursor` otherwise. */
export function cursorKeyOf<S extends z.ZodType>(content: unknown, key: S): z.output<S> {
  const parsed = key.safeParse(content);
  if (parsed.success) return parsed.data;
  throw problems.invalid([{ field: 'cursor', code: 'invalid', message: 'Not a cursor this list issued' }]);
}

/** Parts of list sort keys, each a value PostgreSQL takes without error. */
export const cursorKey = {
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  uuid: z.uuid(),
  // Any stored date (older rows may predate the 1900–2100 input rule); year 0 does not exist.
  date: z.iso.date().refine((v) => !v.startsWith('0000')),
  instant: z.iso.datetime().refine((v) => !v.startsWith('0000')),
  // PostgreSQL text cannot hold NUL.
  text: (max: number) =>
    z
      .string()
      .max(max)
      .refine((v) => !v.includes('\u0000')),
};
