import { once } from 'node:events';
import { type DeflateRaw, crc32, createDeflateRaw } from 'node:zlib';

/** Where the ZIP's bytes go: `write` takes a chunk and resolves once the reader is ready for more. */
export type ZipOutput = (chunk: Buffer) => Promise<void>;

/** From which offset or directory size (bytes), and which entry count, the ZIP64 records are written. */
export interface Zip64Limits {
  bytes: number;
  entries: number;
}

// APPNOTE 6.3.10 4.4.1.4: a 32-bit field at 0xffffffff (a count at 0xffff) means "in the ZIP64 record".
const ZIP32_LIMITS: Zip64Limits = { bytes: 0xffff_ffff, entries: 0xffff };
const LOCAL = 0x04034b50;
const DESCRIPTOR = 0x08074b50;
const CENTRAL = 0x02014b50;
const ZIP64_END = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const END = 0x06054b50;
// General purpose flags: sizes and CRC in a data descriptor after the data (bit 3), UTF-8 names (bit 11).
const FLAGS = 0x0808;
const DEFLATE = 8;
// Version needed: 2.0 for deflate and data descriptors, 4.5 for ZIP64.
const VERSION = 20;
const VERSION_ZIP64 = 45;
const ZIP64_EXTRA = 0x0001;
// Made by 4.5 on Unix, a regular file rw-r--r--: from an MS-DOS origin (zip-stream's) Info-ZIP's unzip reads
// UTF-8 names as a DOS code page (garbled, and a warning once a ZIP64 field is present).
const MADE_BY = (3 << 8) | VERSION_ZIP64;
const FILE_ATTRIBUTES = (0o100644 << 16) >>> 0;
// The compressor may hold this much text unread: the caller writes the next chunks while it
// deflates. An XLSX export of 200k events ran at 43–46k rows/s with 128 kB, 47–52k with 512 kB,
// 48–49k with 1 MB and 43–45k with 2 MB (load 2).
const QUEUED_TEXT = 512 * 1024;
// zlib hands out each deflate block as it completes (≈ 16 K of sheet XML's); the output gets this much at once.
const OUTPUT_BYTES = 64 * 1024;

interface Entry {
  name: Buffer;
  offset: number;
  zip64: boolean;
  crc: number;
  size: number;
  compressed: number;
}

interface Current {
  entry: Entry;
  deflate: DeflateRaw;
}

/**
 * MS-DOS date (high 16 bits) and time of `at` in UTC, clamped to 1980–2043 as zip-stream wrote
 * them (without its forceLocalTime).
 */
function dosDateTime(at: Date): number {
  const year = at.getUTCFullYear();
  if (year < 1980) return 0x0021_0000;
  if (year >= 2044) return 0x7f9f_bf7d;
  return (
    (((year - 1980) << 25) |
      ((at.getUTCMonth() + 1) << 21) |
      (at.getUTCDate() << 16) |
      (at.getUTCHours() << 11) |
      (at.getUTCMinutes() << 5) |
      (at.getUTCSeconds() >> 1)) >>>
    0
  );
}

/**
 * A ZIP written entry by entry (APPNOTE 6.3) for spreadsheets written row by row. Our own writer
 * instead of zip-stream: its CRC-32 is pure JavaScript (the `crc-32` package: 1.3–4.8 µs of the
 * main thread per exported XLSX row in profiles, up to 15 % of the row's cost); `zlib.crc32` is
 * native. An entry's text goes in by chunks, is deflated on the thread pool (level 1: sheet XML is
 * repetitive, and the export is bound by the compressor otherwise) and its sizes and CRC follow in
 * a data descriptor. Each chunk waits for the compressor (up to QUEUED_TEXT ahead) and the output,
 * so memory stays flat. One entry stays under 4 GiB (an XLSX export starts a new sheet before);
 * offsets, the directory's size and the entry count past 32 (16) bits get ZIP64 records. Records
 * and deflate blocks reach the output gathered in buffers of 64 KiB, not one by one.
 */
export class ZipStreamWriter {
  private readonly stamp: number;
  private readonly entries: Entry[] = [];
  private current: Current | null = null;
  /** The current entry's compressor, until its last data is out (destroyed on a failure). */
  private deflating: DeflateRaw | null = null;
  /** Bytes of the archive so far, held ones included. */
  private offset = 0;
  /** Records and compressed data not yet handed to the output (under OUTPUT_BYTES). */
  private held: Buffer[] = [];
  private heldBytes = 0;
  /** Settles once the output has every chunk sent so far; never rejects (see `failure`). */
  private sent: Promise<void> = Promise.resolve();
  private failure: Error | null = null;
  /** Rejects with the failure, so that a wait for the compressor does not outlast it. */
  private readonly broken: Promise<never>;
  private breakWith: (error: Error) => void = () => undefined;
  private finished = false;

  constructor(
    private readonly output: ZipOutput,
    modifiedAt: Date,
    /** Lowered by tests only, to write the ZIP64 records into a small file. */
    private readonly zip64Limits: Zip64Limits = ZIP32_LIMITS,
  ) {
    this.stamp = dosDateTime(modifiedAt);
    this.broken = new Promise<never>((_, reject) => (this.breakWith = reject));
    // Raced by the waits below; a failure is theirs to report, never an unhandled rejection.
    this.broken.catch(() => undefined);
  }

  /** Bytes of the current entry's text taken so far (uncompressed). */
  get entrySize(): number {
    return this.current?.entry.size ?? 0;
  }

  /** Starts an entry (ending the one before). */
  async begin(name: string): Promise<void> {
    await this.end();
    this.check();
    if (this.finished) throw new Error('ZIP archive already finished');
    const entry: Entry = {
      name: Buffer.from(name, 'utf8'),
      offset: this.offset,
      zip64: this.offset >= this.zip64Limits.bytes,
      crc: 0,
      size: 0,
      compressed: 0,
    };
    if (entry.name.length > 0xffff) throw new Error('ZIP entry name longer than 65,535 bytes');
    const header = Buffer.alloc(30 + entry.name.length);
    header.writeUInt32LE(LOCAL, 0);
    header.writeUInt16LE(entry.zip64 ? VERSION_ZIP64 : VERSION, 4);
    header.writeUInt16LE(FLAGS, 6);
    header.writeUInt16LE(DEFLATE, 8);
    header.writeUInt32LE(this.stamp, 10);
    // CRC and sizes (14–25) are in the data descriptor; no extra field.
    header.writeUInt16LE(entry.name.length, 26);
    entry.name.copy(header, 30);
    this.hold(header);
    const deflate = createDeflateRaw({ level: 1, chunkSize: 64 * 1024 });
    deflate.on('data', (chunk: Buffer) => {
      entry.compressed += chunk.length;
      if (entry.compressed >= 0xffff_ffff) this.fail(new Error(`ZIP entry ${name} compresses to 4 GiB or more`));
      this.hold(chunk);
      if (this.heldBytes >= OUTPUT_BYTES) this.send();
    });
    deflate.on('error', (error) => this.fail(error));
    this.current = { entry, deflate };
    this.deflating = deflate;
  }

  /**
   * Adds text to the current entry; resolves once the compressor and the output have caught up.
   * A Buffer is deflated later: it must not change until the entry ends.
   */
  async write(text: string | Buffer): Promise<void> {
    const current = this.current;
    if (!current) throw new Error('no ZIP entry begun');
    this.check();
    const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    const { entry, deflate } = current;
    entry.crc = crc32(bytes, entry.crc);
    entry.size += bytes.length;
    if (entry.size >= 0xffff_ffff) throw this.fail(new Error(`ZIP entry of 4 GiB or more`));
    deflate.write(bytes);
    // Past its own 16 K mark the compressor has asked for 'drain', which it emits once it has taken it all.
    if (deflate.writableLength >= QUEUED_TEXT) await Promise.race([once(deflate, 'drain'), this.broken]);
    await this.sent;
    this.check();
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
    this.check();
    const { entry, deflate } = current;
    const ended = once(deflate, 'end');
    deflate.end();
    // 'end' comes after the last 'data': every compressed chunk has been sent.
    await Promise.race([ended, this.broken]);
    await this.sent;
    this.deflating = null;
    this.check();
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(DESCRIPTOR, 0);
    descriptor.writeUInt32LE(entry.crc, 4);
    descriptor.writeUInt32LE(entry.compressed, 8);
    descriptor.writeUInt32LE(entry.size, 12);
    this.hold(descriptor);
    this.entries.push(entry);
  }

  /** Ends the last entry, writes the central directory and waits until the output has it all. */
  async finish(): Promise<void> {
    await this.end();
    this.check();
    if (this.finished) throw new Error('ZIP archive already finished');
    this.finished = true;
    const limits = this.zip64Limits;
    const directoryOffset = this.offset;
    const records = this.entries.map((entry) => this.centralRecord(entry));
    const directorySize = records.reduce((sum, record) => sum + record.length, 0);
    const count = this.entries.length;
    const zip64 = count >= limits.entries || directorySize >= limits.bytes || directoryOffset >= limits.bytes;
    if (zip64) {
      // ZIP64 end of central directory record (4.3.14), then its locator (4.3.15).
      const record = Buffer.alloc(56 + 20);
      record.writeUInt32LE(ZIP64_END, 0);
      record.writeBigUInt64LE(44n, 4);
      record.writeUInt16LE(MADE_BY, 12);
      record.writeUInt16LE(VERSION_ZIP64, 14);
      // This disk's number and the directory's (16–23): 0.
      record.writeBigUInt64LE(BigInt(count), 24);
      record.writeBigUInt64LE(BigInt(count), 32);
      record.writeBigUInt64LE(BigInt(directorySize), 40);
      record.writeBigUInt64LE(BigInt(directoryOffset), 48);
      record.writeUInt32LE(ZIP64_LOCATOR, 56);
      // The disk with the ZIP64 record (60–63): 0.
      record.writeBigUInt64LE(BigInt(directoryOffset + directorySize), 64);
      record.writeUInt32LE(1, 72);
      records.push(record);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(END, 0);
    // Disk numbers (4–7): 0. With ZIP64 every count, size and offset is in its record.
    end.writeUInt16LE(zip64 ? 0xffff : count, 8);
    end.writeUInt16LE(zip64 ? 0xffff : count, 10);
    end.writeUInt32LE(zip64 ? 0xffff_ffff : directorySize, 12);
    end.writeUInt32LE(zip64 ? 0xffff_ffff : directoryOffset, 16);
    records.push(end);
    for (const record of records) this.hold(record);
    this.send();
    await this.sent;
    this.check();
  }

  private centralRecord(entry: Entry): Buffer {
    const extra = entry.zip64 ? 12 : 0;
    const record = Buffer.alloc(46 + entry.name.length + extra);
    record.writeUInt32LE(CENTRAL, 0);
    record.writeUInt16LE(MADE_BY, 4);
    record.writeUInt16LE(entry.zip64 ? VERSION_ZIP64 : VERSION, 6);
    record.writeUInt16LE(FLAGS, 8);
    record.writeUInt16LE(DEFLATE, 10);
    record.writeUInt32LE(this.stamp, 12);
    record.writeUInt32LE(entry.crc, 16);
    record.writeUInt32LE(entry.compressed, 20);
    record.writeUInt32LE(entry.size, 24);
    record.writeUInt16LE(entry.name.length, 28);
    record.writeUInt16LE(extra, 30);
    // Comment length, disk, internal attributes (32–37): 0.
    record.writeUInt32LE(FILE_ATTRIBUTES, 38);
    record.writeUInt32LE(entry.zip64 ? 0xffff_ffff : entry.offset, 42);
    entry.name.copy(record, 46);
    if (entry.zip64) {
      // ZIP64 extended information (4.5.3): only the fields set to all ones, here the header's offset.
      const at = 46 + entry.name.length;
      record.writeUInt16LE(ZIP64_EXTRA, at);
      record.writeUInt16LE(8, at + 2);
      record.writeBigUInt64LE(BigInt(entry.offset), at + 4);
    }
    return record;
  }

  private hold(piece: Buffer): void {
    this.held.push(piece);
    this.heldBytes += piece.length;
    this.offset += piece.length;
  }

  /** Hands what is held to the output, in one buffer, once it has taken the ones before. */
  private send(): void {
    const bytes = this.held.length === 1 ? (this.held[0] as Buffer) : Buffer.concat(this.held, this.heldBytes);
    this.held = [];
    this.heldBytes = 0;
    this.sent = this.sent.then(async () => {
      if (this.failure) return;
      try {
        await this.output(bytes);
      } catch (error) {
        this.fail(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  private fail(error: Error): Error {
    if (!this.failure) {
      this.failure = error;
      this.breakWith(error);
      this.deflating?.destroy();
    }
    return error;
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }
}
