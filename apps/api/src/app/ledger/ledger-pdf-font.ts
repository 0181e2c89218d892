import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';

const FONT_MODULE = '@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff';
let fontCache: Buffer | undefined;

/**
 * Unpacks a WOFF 1.0 font into the plain OpenType (sfnt) file it wraps: each table inflated with
 * zlib and laid out behind a standard table directory. fontkit reads WOFF itself but re-inflates
 * tables in JavaScript on every access, which made one ledger PDF take half a minute.
 */
export function sfntFromWoff(woff: Buffer): Buffer {
  if (woff.length < 44 || woff.toString('latin1', 0, 4) !== 'wOFF') throw new Error('Not a WOFF 1.0 font');
  const count = woff.readUInt16BE(12);
  const tables = Array.from({ length: count }, (_, i) => {
    const at = 44 + 20 * i;
    const offset = woff.readUInt32BE(at + 4);
    const stored = woff.readUInt32BE(at + 8);
    const length = woff.readUInt32BE(at + 12);
    const raw = woff.subarray(offset, offset + stored);
    const data = stored < length ? inflateSync(raw) : raw;
    if (data.length !== length) throw new Error('WOFF table of the wrong length');
    return { tag: woff.readUInt32BE(at), checksum: woff.readUInt32BE(at + 16), data };
  });
  const align = (n: number) => Math.ceil(n / 4) * 4;
  const directory = 12 + 16 * count;
  const font = Buffer.alloc(directory + tables.reduce((sum, t) => sum + align(t.data.length), 0));
  const log2 = Math.floor(Math.log2(count));
  font.writeUInt32BE(woff.readUInt32BE(4), 0); // flavor: the sfnt version
  font.writeUInt16BE(count, 4);
  font.writeUInt16BE(16 * 2 ** log2, 6); // searchRange
  font.writeUInt16BE(log2, 8); // entrySelector
  font.writeUInt16BE(16 * count - 16 * 2 ** log2, 10); // rangeShift
  let offset = directory;
  tables.forEach((table, i) => {
    font.writeUInt32BE(table.tag, 12 + 16 * i);
    font.writeUInt32BE(table.checksum, 16 + 16 * i);
    font.writeUInt32BE(offset, 20 + 16 * i);
    font.writeUInt32BE(table.data.length, 24 + 16 * i);
    table.data.copy(font, offset);
    offset += align(table.data.length);
  });
  return font;
}

/**
 * Noto Sans SC (the simplified Chinese slice, Latin included) as OpenType, read once per process.
 * Resolved from this file, the started script and the working directory in turn: the built api
 * keeps node_modules external, so the package must be installed beside it.
 */
export function ledgerPdfFont(): Buffer {
  if (fontCache) return fontCache;
  const bases = [__filename, process.argv[1], join(process.cwd(), 'index.js')].filter(
    (base): base is string => typeof base === 'string' && base.length > 0,
  );
  for (const base of bases) {
    let path: string;
    try {
      path = createRequire(base).resolve(FONT_MODULE);
    } catch {
      continue;
    }
    fontCache = sfntFromWoff(readFileSync(path));
    return fontCache;
  }
  throw new Error(`PDF font not found: ${FONT_MODULE}`);
}
