import { createHash } from 'node:crypto';
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

/** hash = lowercase hex SHA-256 of (prevHash + canonical). */
export function chainHash(prevHash: string, canonical: string): string {
  return createHash('sha256')
    .update(prevHash + canonical, 'utf8')
    .digest('hex');
}
