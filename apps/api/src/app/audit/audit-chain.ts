import { hash } from 'node:crypto';
import canonicalize from 'canonicalize';

export const GENESIS_HASH = '0'.repeat(64);

/** The hashed content of one audit event (docs/rules.md): everything but `prevHash` and `hash`. */
export interface AuditRecord {
  seq: number;
  at: string;
  actorId: string | null;
  actorRole: string | null;
  departmentId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
  ip: string | null;
  sha256: string | null;
}

/** RFC 8785 canonical JSON of the record: byte-stable input for the hash. */
export function canonicalText(record: AuditRecord): string {
  const text = canonicalize(record);
  if (text === undefined) throw new Error('audit record cannot be canonicalised');
  return text;
}

/** True when every object in the parsed value lists its keys in UTF-16 code-unit order (RFC 8785 §3.2.3). */
function keysSorted(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (Array.isArray(value)) return value.every(keysSorted);
  let previous: string | null = null;
  for (const key in value) {
    if (previous !== null && !(previous < key)) return false;
    if (!keysSorted((value as Record<string, unknown>)[key])) return false;
    previous = key;
  }
  return true;
}

/**
 * Whether `text`, whose parse is `parsed`, is the RFC 8785 canonical form of it. The verifier's
 * hot path: when every object's keys are already sorted, `JSON.stringify` writes exactly what the
 * canonicaliser would (same number and string forms, no spaces) several times faster, so the
 * full canonicalisation runs only for text that is not already canonical (which then fails or
 * passes exactly as before: duplicate keys, `1e999` or integer-like keys out of order all differ).
 */
export function isCanonicalText(parsed: unknown, text: string): boolean {
  // `\ud…` escapes may hold a lone surrogate, which the canonicaliser refuses: let it decide.
  if (!/\\u[dD]/.test(text) && keysSorted(parsed) && JSON.stringify(parsed) === text) return true;
  try {
    return canonicalize(parsed) === text;
  } catch {
    // No canonical form: a number JSON cannot hold (`1e999` parses to Infinity), a lone surrogate.
    return false;
  }
}

/** hash = lowercase hex SHA-256 of (prevHash + canonical). */
export function chainHash(prevHash: string, canonical: string): string {
  // One-shot hashing: no Hash object per event (the verifiers hash a million of them).
  return hash('sha256', prevHash + canonical, 'hex');
}
