import { inflateRawSync } from 'node:zlib';

export interface ZipLimits {
  /** Entries in the archive. */
  maxEntries: number;
  /** Bytes of all entries together once inflated. */
  maxInflatedBytes: number;
}

export type ZipCheck = { ok: true } | { ok: false; reason: 'not_zip' | 'too_many_entries' | 'too_large' | 'corrupt' };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * Whether an uploaded ZIP (an XLSX) stays within the limits once inflated, checked by inflating
 * every entry with a bounded output buffer — never trusting the sizes the archive declares — before
 * a library that inflates everything in memory sees it. A zip bomb stops here at the budget.
 */
export function checkZipInflation(buffer: Buffer, limits: ZipLimits): ZipCheck {
  if (buffer.length < 22 || buffer.readUInt32LE(0) !== LOCAL) return { ok: false, reason: 'not_zip' };
  // The end-of-central-directory record is within the last 64 kB + 22 bytes (its comment).
  let eocd = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 65_557); i--) {
    if (buffer.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { ok: false, reason: 'corrupt' };
  const entries = buffer.readUInt16LE(eocd + 10);
  const directoryOffset = buffer.readUInt32LE(eocd + 16);
  if (entries === 0xffff || directoryOffset === 0xffffffff) return { ok: false, reason: 'corrupt' };
  if (entries > limits.maxEntries) return { ok: false, reason: 'too_many_entries' };
  let budget = limits.maxInflatedBytes;
  let at = directoryOffset;
  try {
    for (let n = 0; n < entries; n++) {
      if (at + 46 > buffer.length || buffer.readUInt32LE(at) !== CENTRAL) return { ok: false, reason: 'corrupt' };
      const method = buffer.readUInt16LE(at + 10);
      const compressed = buffer.readUInt32LE(at + 20);
      const local = buffer.readUInt32LE(at + 42);
      at += 46 + buffer.readUInt16LE(at + 28) + buffer.readUInt16LE(at + 30) + buffer.readUInt16LE(at + 32);
      if (local + 30 > buffer.length || buffer.readUInt32LE(local) !== LOCAL) return { ok: false, reason: 'corrupt' };
      const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
      if (start + compressed > buffer.length) return { ok: false, reason: 'corrupt' };
      const data = buffer.subarray(start, start + compressed);
      let size: number;
      if (method === 0) size = data.length;
      else if (method === 8) size = inflateRawSync(data, { maxOutputLength: Math.max(budget, 1) }).length;
      else return { ok: false, reason: 'corrupt' };
      budget -= size;
      if (budget < 0) return { ok: false, reason: 'too_large' };
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    return { ok: false, reason: code === 'ERR_BUFFER_TOO_LARGE' ? 'too_large' : 'corrupt' };
  }
  return { ok: true };
}
