import { problems } from '../problems/problem.exception';

/** Opaque list cursors: the sort key of the last item, base64url-encoded. */
export function encodeCursor(key: string): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof value === 'string') return value;
  } catch {
    // fall through
  }
  throw problems.invalid([{ field: 'cursor', code: 'invalid', message: 'Not a cursor this list issued' }]);
}
