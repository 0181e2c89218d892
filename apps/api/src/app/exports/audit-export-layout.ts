import type { AuditRecord } from '../audit';
import { CELL_MAX_CHARS, cutWithoutSplittingPairs, readableCell } from '../../core/documents/spreadsheet-cell';
import { RECORD_KEYS, canonicalMembers } from './canonical-members';
import type { ZonedTimeFormat } from './zoned-time-format';

/**
 * The layout of a verifiable audit export (CSV and XLSX), shared by the writers and the offline
 * verifier. README "Audit exports and offline verification" describes it for auditors.
 */
export const EXPORT_FORMAT = 'zibo-audit-export/1';

/** Verification columns, first in every row, written verbatim (never escaped). */
export const CHAIN_COLUMNS = ['seq', 'prevHash', 'hash', 'canonical'] as const;

/** Columns for reading; all but `actorName` and `department` are recomputed from `canonical` by the verifier. */
export const READABLE_COLUMNS = [
  'at',
  'actorName',
  'actorRole',
  'department',
  'action',
  'entityType',
  'entityId',
  'before',
  'after',
  'requestId',
  'ip',
  'sha256',
] as const;
export type ReadableColumn = (typeof READABLE_COLUMNS)[number];

/** Readable columns copied from the hashed event (the others are names looked up at export time). */
export const HASHED_READABLE_COLUMNS: readonly ReadableColumn[] = READABLE_COLUMNS.filter(
  (c) => c !== 'actorName' && c !== 'department',
);

/** Sections of the key/value rows after the events (CSV) or in the `meta` sheet (XLSX). */
export const META_SECTION = '#meta';
export const CHECKPOINT_SECTION = '#checkpoint';
export const META_SHEET_HEADER = ['section', 'key', 'value'] as const;

/** Data rows per XLSX sheet (Excel holds 1,048,576 rows; one is the header). */
export const XLSX_ROWS_PER_SHEET = 1_000_000;

/** One exported audit row: the stored chain fields plus names for reading. */
export interface ExportEvent {
  seq: number;
  prevHash: string;
  hash: string;
  canonical: string;
  actorName: string | null;
  departmentName: string | null;
}

export interface ExportCheckpoint {
  seq: number;
  headHash: string;
  count: number;
  at: string;
  keyId: string;
  payload: string;
  signature: string;
}

/** What an export states about itself, known before its first row is read. */
export interface ExportContext {
  exportedAt: Date;
  exportedBy: string;
  timeZone: string;
  /** Only the filters that were given. */
  filter: Record<string, string>;
  unfiltered: boolean;
  /** The chain head when the export started; the export holds no row after it. */
  head: { seq: number; hash: string };
  /** Latest signed checkpoint at or before the head (rows beyond the head are never exported). */
  checkpoint: ExportCheckpoint | null;
}

/** The hashed event, or null when `canonical` is not JSON (the verifier reports that row). */
export function recordOf(canonical: string): AuditRecord | null {
  try {
    const value: unknown = JSON.parse(canonical);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as AuditRecord) : null;
  } catch {
    return null;
  }
}

const jsonCell = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));
const textCell = (value: unknown) =>
  value === null || value === undefined ? null : typeof value === 'object' ? JSON.stringify(value) : String(value);

/**
 * The readable cell of a hashed column, as the export writes it and the verifier expects it;
 * `at` in the business time zone with its offset (2026-11-27T15:04:05.123+08:00).
 */
export function hashedReadableCell(record: AuditRecord, column: ReadableColumn, time: ZonedTimeFormat): string {
  switch (column) {
    case 'at':
      return readableCell(typeof record.at === 'string' ? time.iso(record.at) : textCell(record.at));
    case 'before':
    case 'after':
      return readableCell(jsonCell(record[column]));
    case 'actorName':
    case 'department':
      return '';
    default:
      return readableCell(textCell(record[column]));
  }
}

// For each readable column, the position of its member in canonicalMembers (−1: a looked-up name).
const MEMBER_OF: readonly number[] = READABLE_COLUMNS.map((column) =>
  (RECORD_KEYS as readonly string[]).indexOf(column),
);

/**
 * The readable cells of one event, in READABLE_COLUMNS order: readableCellsByParsing's, found
 * without parsing for a canonical text the api wrote (canonicalMembers gives each member's text,
 * which is JSON.stringify of its value), by parsing for any other.
 */
export function readableCells(event: ExportEvent, time: ZonedTimeFormat): string[] {
  const members = canonicalMembers(event.canonical);
  if (members === null) return readableCellsByParsing(event, time);
  return READABLE_COLUMNS.map((column, index) => {
    if (column === 'actorName') return readableCell(event.actorName);
    if (column === 'department') return readableCell(event.departmentName);
    const json = members[MEMBER_OF[index] as number];
    // A missing member and null give '' (jsonCell, textCell).
    if (json === undefined || json === 'null') return '';
    // jsonCell writes this text; so does textCell for anything but a string (String(number) too).
    if (column === 'before' || column === 'after' || json.charCodeAt(0) !== 0x22) return readableCell(json);
    const text = json.includes('\\') ? (JSON.parse(json) as string) : json.slice(1, -1);
    return readableCell(column === 'at' ? time.iso(text) : text);
  });
}

/** The readable cells of one event, in READABLE_COLUMNS order, from its parsed record (the definition). */
export function readableCellsByParsing(event: ExportEvent, time: ZonedTimeFormat): string[] {
  const record = recordOf(event.canonical);
  return READABLE_COLUMNS.map((column) => {
    if (column === 'actorName') return readableCell(event.actorName);
    if (column === 'department') return readableCell(event.departmentName);
    return record ? hashedReadableCell(record, column, time) : '';
  });
}

/** `canonical` in pieces that each fit a spreadsheet cell (XLSX). */
export function splitCanonical(canonical: string): string[] {
  const pieces: string[] = [];
  let rest = canonical;
  do {
    const piece = cutWithoutSplittingPairs(rest, CELL_MAX_CHARS);
    pieces.push(piece);
    rest = rest.slice(piece.length);
  } while (rest.length > 0);
  return pieces;
}

/** Canonical column names for `count` pieces: canonical, canonical_2, canonical_3 … */
export function canonicalColumns(count: number): string[] {
  return Array.from({ length: Math.max(1, count) }, (_, i) => (i === 0 ? 'canonical' : `canonical_${i + 1}`));
}

/**
 * Columns an XLSX needs for canonical texts of at most `maxChars` characters taking at most
 * `maxBytes` UTF-8 bytes: UTF-16 length ≤ min(2 × characters, bytes), and each piece holds at
 * least CELL_MAX_CHARS − 1 units (a surrogate pair is never split).
 */
export function canonicalColumnCount(maxChars: number, maxBytes: number): number {
  const units = Math.min(2 * maxChars, maxBytes);
  return Math.max(1, Math.ceil(units / (CELL_MAX_CHARS - 1)));
}

/** The key/value rows after the events: `[section, key, value]`. */
export function metadataRows(context: ExportContext, rows: number): [string, string, string][] {
  const meta: [string, string][] = [
    ['format', EXPORT_FORMAT],
    ['exportedAt', context.exportedAt.toISOString()],
    ['exportedBy', context.exportedBy],
    ['timeZone', context.timeZone],
    ['unfiltered', String(context.unfiltered)],
    ...Object.entries(context.filter).map(([key, value]): [string, string] => [`filter.${key}`, value]),
    ['chainHeadSeq', String(context.head.seq)],
    ['chainHeadHash', context.head.hash],
    ['rows', String(rows)],
  ];
  const result = meta.map(([key, value]): [string, string, string] => [META_SECTION, key, readableCell(value)]);
  // Only an unfiltered export carries the checkpoint: it vouches for every row up to its seq.
  const checkpoint = context.unfiltered ? context.checkpoint : null;
  if (checkpoint) {
    for (const key of ['seq', 'headHash', 'count', 'at', 'keyId', 'payload', 'signature'] as const) {
      // Verification values, written verbatim like the hashes.
      result.push([CHECKPOINT_SECTION, key, String(checkpoint[key])]);
    }
  }
  return result;
}
