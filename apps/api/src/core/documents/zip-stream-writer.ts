import { crc32, createDeflateRaw } from 'node:zlib';

/** A file too big for a ZIP without its 64-bit extension (4 GiB per entry or in all). */
export class ZipTooLarge extends Error {}

const ZIP32_LIMIT = 0xffff_ffff;
// General purpose flags: sizes in a data descriptor after the data (bit 3), UTF-8 names (bit 11).
const FLAGS = 0x0808;
const DEFLATE = 8;
const VERSION = 20;

interface Entry {
  name: Buffer;
  offset: number;
  crc: number;
  size: number;
  compressed: number;
}

/** Where the ZIP's bytes go: `write` takes a chunk and resolves once the reader is ready for more. */
export type ZipOutput = (chunk: Buffer) => Promise<void>;

/** MS-DOS date and time of `at` (UTC), as ZIP headers hold them. */
function dosDateTime(at: Date): { date: number; time: number } {
  const year = Math.min(Math.max(at.getUTCFullYear(), 1980), 2107);
  return {
    date: ((year - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2),
  };
}

/**
 * A streaming ZIP writer (PKWARE APPNOTE 6.3: deflated entries, sizes in data descriptors, central
 * directory at the end), for spreadsheets written row by row: an entry's text goes in by chunks
 * and leaves compressed at once, so nothing but the compressor's window is held. No ZIP64: an
 * entry or a file past 4 GiB throws ZipTooLarge (an XLSX export starts a new sheet long before
 * one sheet gets there). Deflate level 1: the XML of a sheet is repetitive, and the export is
 * bound by the compressor otherwise.
 */
export class ZipStreamWriter {
  private readonly entries: Entry[] = [];
  private readonly stamp: { date: number; time: number };
  private offset = 0;
  private current: { entry: Entry; deflate: ReturnType<typeof createDeflateRaw>; pending: Promise<void> } | null = null;

  constructor(
    private readonly output: ZipOutput,
    modifiedAt: Date,
  ) {
    this.stamp = dosDateTime(modifiedAt);
  }

  /** Bytes of the current entry's text taken so far (uncompressed). */
  get entrySize(): number {
    return this.current?.entry.size ?? 0;
  }

  /** Starts an entry (ending the one before). */
  async begin(name: string): Promise<void> {
    await this.end();
    const entry: Entry = { name: Buffer.from(name, 'utf8'), offset: this.offset, crc: 0, size: 0, compressed: 0 };
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(VERSION, 4);
    header.writeUInt16LE(FLAGS, 6);
    header.writeUInt16LE(DEFLATE, 8);
    header.writeUInt16LE(this.stamp.time, 10);
    header.writeUInt16LE(this.stamp.date, 12);
    // crc, sizes (14–25): in the data descriptor.
    header.writeUInt16LE(entry.name.length, 26);
    await this.emit(Buffer.concat([header, entry.name]));
    const deflate = createDeflateRaw({ level: 1, chunkSize: 64 * 1024 });
    const current = { entry, deflate, pending: Promise.resolve() };
    // Compressed output goes on in order; each chunk waits for the reader before the next.
    deflate.on('data', (chunk: Buffer) => {
      entry.compressed += chunk.length;
      current.pending = current.pending.then(() => this.emit(chunk));
      // Awaited by write() or end(); a failure is theirs to report, never an unhandled rejection.
      current.pending.catch(() => undefined);
    });
    this.current = current;
  }

  /** Adds text to the current entry; resolves once the compressor and the reader have caught up. */
  async write(text: string | Buffer): Promise<void> {
    const current = this.current;
    if (!current) throw new Error('no ZIP entry begun');
    const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    current.entry.crc = crc32(bytes, current.entry.crc);
    current.entry.size += bytes.length;
    if (current.entry.size > ZIP32_LIMIT) throw new ZipTooLarge(`ZIP entry larger than 4 GiB`);
    const more = current.deflate.write(bytes);
    await current.pending;
    if (!more) await new Promise<void>((resolve) => current.deflate.once('drain', resolve));
    await current.pending;
  }

  /** A whole small entry at once. */
  async add(name: string, text: string): Promise<void> {
    await this.begin(name);
    await this.write(text);
    await this.end();
  }

  /** Ends the current entry, if any: the rest of its compressed data, then its data descriptor. */
  async end(): Promise<void> {
    const current = this.current;
    if (!current) return;
    this.current = null;
    await new Promise<void>((resolve, reject) => {
      current.deflate.once('end', resolve);
      current.deflate.once('error', reject);
      current.deflate.end();
      current.deflate.resume();
    });
    // 'end' comes after the last 'data': the chain of emits is complete.
    await current.pending;
    const { entry } = current;
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(entry.crc >>> 0, 4);
    descriptor.writeUInt32LE(entry.compressed, 8);
    descriptor.writeUInt32LE(entry.size, 12);
    await this.emit(descriptor);
    this.entries.push(entry);
  }

  /** Ends the last entry and writes the central directory. */
  async finish(): Promise<void> {
    await this.end();
    const start = this.offset;
    const records = this.entries.map((entry) => {
      const record = Buffer.alloc(46);
      record.writeUInt32LE(0x02014b50, 0);
      record.writeUInt16LE(VERSION, 4);
      record.writeUInt16LE(VERSION, 6);
      record.writeUInt16LE(FLAGS, 8);
      record.writeUInt16LE(DEFLATE, 10);
      record.writeUInt16LE(this.stamp.time, 12);
      record.writeUInt16LE(this.stamp.date, 14);
      record.writeUInt32LE(entry.crc >>> 0, 16);
      record.writeUInt32LE(entry.compressed, 20);
      record.writeUInt32LE(entry.size, 24);
      record.writeUInt16LE(entry.name.length, 28);
      // extra, comment, disk, internal and external attributes: 0.
      record.writeUInt32LE(entry.offset, 42);
      return Buffer.concat([record, entry.name]);
    });
    const directory = Buffer.concat(records);
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(this.entries.length, 8);
    eocd.writeUInt16LE(this.entries.length, 10);
    eocd.writeUInt32LE(directory.length, 12);
    eocd.writeUInt32LE(start, 16);
    if (start + directory.length > ZIP32_LIMIT) throw new ZipTooLarge('ZIP file larger than 4 GiB');
    await this.emit(Buffer.concat([directory, eocd]));
  }

  private async emit(chunk: Buffer): Promise<void> {
    this.offset += chunk.length;
    if (this.offset > ZIP32_LIMIT) throw new ZipTooLarge('ZIP file larger than 4 GiB');
    await this.output(chunk);
  }
}
