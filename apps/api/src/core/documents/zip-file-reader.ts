import { createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { createInflateRaw, crc32 } from 'node:zlib';

/** The file is not a ZIP archive this reader can open (the message says why). */
export class ZipFormatError extends Error {}

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  size: number;
  crc32: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
// The end record is 22 bytes plus a comment of at most 65,535.
const EOCD_SEARCH = 22 + 0xffff;
const MAX_ENTRIES = 10_000;
const MAX_DIRECTORY_BYTES = 64 * 1024 * 1024;

async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  if (bytesRead !== length) throw new ZipFormatError('the ZIP archive is cut short');
  return buffer;
}

function safe(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError(`the ZIP ${what} is too large`);
  return Number(value);
}

/**
 * A ZIP archive on disk read through its central directory (APPNOTE 6.3: stored or deflated
 * entries, sizes in data descriptors, ZIP64): entries are found by name and their bytes streamed
 * through Node's raw inflate, so only the stream buffers and the inflater's window are held. The
 * size and CRC-32 of what an entry inflates to are checked against the directory. Encrypted
 * entries, other compression methods and multi-disk archives are refused.
 */
export class ZipFileReader {
  private constructor(
    private readonly path: string,
    private readonly fileSize: number,
    readonly entries: ReadonlyMap<string, ZipEntry>,
  ) {}

  static async open(path: string): Promise<ZipFileReader> {
    const file = await open(path, 'r');
    try {
      const { size } = await file.stat();
      const tailLength = Math.min(size, EOCD_SEARCH);
      const tail = await readAt(file, size - tailLength, tailLength);
      let at = -1;
      for (let i = tail.length - 22; i >= 0; i--) {
        if (tail.readUInt32LE(i) === EOCD && i + 22 + tail.readUInt16LE(i + 20) === tail.length) {
          at = i;
          break;
        }
      }
      if (at < 0) throw new ZipFormatError('no ZIP end of central directory record');
      let count = tail.readUInt16LE(at + 10);
      let directorySize = tail.readUInt32LE(at + 12);
      let directoryOffset = tail.readUInt32LE(at + 16);
      if (tail.readUInt16LE(at + 4) !== 0 || tail.readUInt16LE(at + 6) !== 0) {
        throw new ZipFormatError('multi-disk ZIP archives are not supported');
      }
      const eocdPosition = size - tailLength + at;
      if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
        if (eocdPosition < 20) throw new ZipFormatError('no ZIP64 end of central directory locator');
        const locator = await readAt(file, eocdPosition - 20, 20);
        if (locator.readUInt32LE(0) !== ZIP64_LOCATOR)
          throw new ZipFormatError('no ZIP64 end of central directory locator');
        const record = await readAt(file, safe(locator.readBigUInt64LE(8), 'offset'), 56);
        if (record.readUInt32LE(0) !== ZIP64_EOCD) throw new ZipFormatError('no ZIP64 end of central directory record');
        count = safe(record.readBigUInt64LE(32), 'entry count');
        directorySize = safe(record.readBigUInt64LE(40), 'directory size');
        directoryOffset = safe(record.readBigUInt64LE(48), 'directory offset');
      }
      if (count > MAX_ENTRIES || directorySize > MAX_DIRECTORY_BYTES || directoryOffset + directorySize > size) {
        throw new ZipFormatError('the ZIP central directory is not plausible');
      }
      const directory = await readAt(file, directoryOffset, directorySize);
      const entries = new Map<string, ZipEntry>();
      let p = 0;
      for (let n = 0; n < count; n++) {
        if (p + 46 > directory.length || directory.readUInt32LE(p) !== CENTRAL) {
          throw new ZipFormatError('the ZIP central directory is damaged');
        }
        const flags = directory.readUInt16LE(p + 8);
        const method = directory.readUInt16LE(p + 10);
        const crc = directory.readUInt32LE(p + 16);
        let compressedSize = directory.readUInt32LE(p + 20);
        let uncompressedSize = directory.readUInt32LE(p + 24);
        const nameLength = directory.readUInt16LE(p + 28);
        const extraLength = directory.readUInt16LE(p + 30);
        const commentLength = directory.readUInt16LE(p + 32);
        let localHeaderOffset = directory.readUInt32LE(p + 42);
        const nameStart = p + 46;
        const extraStart = nameStart + nameLength;
        const next = extraStart + extraLength + commentLength;
        if (next > directory.length) throw new ZipFormatError('the ZIP central directory is damaged');
        const name = directory.toString('utf8', nameStart, extraStart);
        // ZIP64 extended information: the 64-bit values of the fields set to all ones, in order.
        for (let e = extraStart; e + 4 <= extraStart + extraLength;) {
          const id = directory.readUInt16LE(e);
          const length = directory.readUInt16LE(e + 2);
          if (id === 0x0001) {
            let q = e + 4;
            const take = () => {
              if (q + 8 > e + 4 + length) throw new ZipFormatError(`the ZIP64 field of ${name} is short`);
              const value = safe(directory.readBigUInt64LE(q), 'entry');
              q += 8;
              return value;
            };
            if (uncompressedSize === 0xffffffff) uncompressedSize = take();
            if (compressedSize === 0xffffffff) compressedSize = take();
            if (localHeaderOffset === 0xffffffff) localHeaderOffset = take();
          }
          e += 4 + length;
        }
        if (flags & 0x0001) throw new ZipFormatError(`${name} is encrypted`);
        if (method !== 0 && method !== 8) throw new ZipFormatError(`${name} uses ZIP compression method ${method}`);
        if (entries.has(name)) throw new ZipFormatError(`${name} appears twice in the ZIP archive`);
        entries.set(name, { name, method, compressedSize, size: uncompressedSize, crc32: crc, localHeaderOffset });
        p = next;
      }
      return new ZipFileReader(path, size, entries);
    } finally {
      await file.close();
    }
  }

  /** The inflated bytes of an entry, in chunks; throws at the end if their size or CRC-32 differ. */
  async *read(entry: ZipEntry): AsyncGenerator<Buffer> {
    const file = await open(this.path, 'r');
    let start: number;
    try {
      const header = await readAt(file, entry.localHeaderOffset, 30);
      if (header.readUInt32LE(0) !== LOCAL) throw new ZipFormatError(`no local header for ${entry.name}`);
      start = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    } finally {
      await file.close();
    }
    if (start + entry.compressedSize > this.fileSize) throw new ZipFormatError(`${entry.name} is cut short`);
    let size = 0;
    let crc = 0;
    if (entry.compressedSize > 0) {
      const raw = createReadStream(this.path, {
        start,
        end: start + entry.compressedSize - 1,
        highWaterMark: 1 << 20,
      });
      const source = entry.method === 8 ? raw.pipe(createInflateRaw({ chunkSize: 1 << 20 })) : raw;
      raw.on('error', (error) => source.destroy(error));
      try {
        for await (const chunk of source as AsyncIterable<Buffer>) {
          size += chunk.length;
          if (size > entry.size) throw new ZipFormatError(`${entry.name} inflates to more than its stated size`);
          crc = crc32(chunk, crc);
          yield chunk;
        }
      } catch (error) {
        if (error instanceof ZipFormatError) throw error;
        throw new ZipFormatError(
          `${entry.name} cannot be inflated: ${error instanceof Error ? error.message : String(error)}`,
        );
      } finally {
        raw.destroy();
        source.destroy();
      }
    }
    if (size !== entry.size)
      throw new ZipFormatError(`${entry.name} holds ${size} bytes, its directory says ${entry.size}`);
    if (crc !== entry.crc32) throw new ZipFormatError(`${entry.name} does not match its CRC-32`);
  }
}
