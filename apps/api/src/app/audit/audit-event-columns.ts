import type { AuditRecord } from './audit-chain';
import type { ColumnMismatch } from './audit-verification';

/**
 * How verification vouches for each stored column of `audit_event` (docs/rules.md: every stored column
 * is derived from `canonical` or compared with it). `chain` columns are the chain itself (the
 * walk checks them); the others are compared with the field of the hashed event they copy.
 * Verification reads the table's columns from the database and reports a column missing here as
 * a finding, so a column added later cannot go unchecked: give it a rule here.
 */
export type AuditColumnRule =
  | { chain: 'seq' | 'canonical' | 'prevHash' | 'hash' }
  | { field: keyof AuditRecord; compare: 'text' | 'json' | 'instant' };

export const AUDIT_EVENT_COLUMNS: Readonly<Record<string, AuditColumnRule>> = {
  seq: { chain: 'seq' },
  at: { field: 'at', compare: 'instant' },
  actor_id: { field: 'actorId', compare: 'text' },
  actor_role: { field: 'actorRole', compare: 'text' },
  department_id: { field: 'departmentId', compare: 'text' },
  action: { field: 'action', compare: 'text' },
  entity_type: { field: 'entityType', compare: 'text' },
  entity_id: { field: 'entityId', compare: 'text' },
  before: { field: 'before', compare: 'json' },
  after: { field: 'after', compare: 'json' },
  request_id: { field: 'requestId', compare: 'text' },
  ip: { field: 'ip', compare: 'text' },
  sha256: { field: 'sha256', compare: 'text' },
  canonical: { chain: 'canonical' },
  prev_hash: { chain: 'prevHash' },
  hash: { chain: 'hash' },
};

/** Names the chain walk gives the chain columns in its findings (the table's own names). */
export const AUDIT_EVENT_CHAIN_NAMES = { seq: 'seq', canonical: 'canonical', prevHash: 'prev_hash', hash: 'hash' };

const quoted = (column: string) => `"${column.replace(/"/g, '""')}"`;

/**
 * The SQL that reads a compared column as text, losing nothing: jsonb as its JSON text, instants
 * in UTC to the microsecond (a JS Date would drop the microseconds a forger could change).
 */
export function comparedColumnSql(column: string, compare: 'text' | 'json' | 'instant'): string {
  return compare === 'instant'
    ? `to_char(${quoted(column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
    : `${quoted(column)}::text`;
}

const MILLISECOND_INSTANT = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3})Z$/;

/** Whether a stored column (as comparedColumnSql reads it) says what the hashed event says. */
export function columnMatches(compare: 'text' | 'json' | 'instant', stored: string | null, hashed: unknown): boolean {
  const absent = hashed === null || hashed === undefined;
  if (stored === null) return absent;
  if (absent) return false;
  switch (compare) {
    case 'text':
      return stored === hashed;
    case 'instant': {
      // The writer hashes milliseconds (toISOString); PostgreSQL keeps microseconds.
      const match = typeof hashed === 'string' ? MILLISECOND_INSTANT.exec(hashed) : null;
      return match !== null && stored === `${match[1]}000Z`;
    }
    case 'json':
      // Semantically: key order and spacing are jsonb's business, values are not.
      return jsonEqual(JSON.parse(stored), hashed);
  }
}

/**
 * Whether two parsed JSON values have the same RFC 8785 canonical form (same numbers, strings,
 * arrays in order, objects with the same keys in any order), without building either form: the
 * per-row comparison of `before` and `after` with the hashed event in verification. A property
 * test holds it to `canonicalize(a) === canonicalize(b)`. Unlike the canonicaliser it never
 * throws (a number JSON cannot hold, a lone surrogate): such a value simply differs or not.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let keys = 0;
  for (const key in x) {
    if (!Object.prototype.hasOwnProperty.call(y, key) || !jsonEqual(x[key], y[key])) return false;
    keys += 1;
  }
  for (const key in y) if (Object.prototype.hasOwnProperty.call(y, key)) keys -= 1;
  return keys === 0;
}

/** What verification needs to read and compare the columns the table has today. */
export interface AuditColumnPlan {
  /** SELECT list: the chain columns and each compared column as text. */
  select: string;
  /** The first compared column of a row that differs from the hashed event. */
  mismatch(row: Record<string, unknown>, record: AuditRecord): ColumnMismatch | null;
}

/**
 * The plan for the table's actual columns, or the first column that has no rule (verification
 * cannot vouch for it and says so rather than passing over it).
 */
export function auditColumnPlan(columns: readonly string[]): AuditColumnPlan | { unruled: string } {
  const compared: { column: string; field: keyof AuditRecord; compare: 'text' | 'json' | 'instant' }[] = [];
  for (const column of columns) {
    const rule = AUDIT_EVENT_COLUMNS[column];
    if (!rule) return { unruled: column };
    if ('field' in rule) compared.push({ column, field: rule.field, compare: rule.compare });
  }
  const select = [
    'seq',
    'canonical',
    'prev_hash',
    'hash',
    ...compared.map((c) => `${comparedColumnSql(c.column, c.compare)} AS ${quoted(`v_${c.column}`)}`),
  ].join(', ');
  return {
    select,
    mismatch(row, record) {
      for (const { column, field, compare } of compared) {
        const stored = row[`v_${column}`];
        if (!columnMatches(compare, typeof stored === 'string' ? stored : null, record[field])) {
          return { column, reason: `column ${column} differs from the hashed event` };
        }
      }
      return null;
    },
  };
}
