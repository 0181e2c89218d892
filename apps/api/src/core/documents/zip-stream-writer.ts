import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import ZipStream from 'zip-stream';

/** Where the ZIP's bytes go: `write` takes a chunk and resolves once the reader is ready for more. */
export type ZipOutput = (chunk: Buffer) => Promise<void>;

interface Current {
  source: PassThrough;
  size: number;
  added: Promise<void>;
}

/**
 * A ZIP written entry by entry for spreadsheets written row by row: a thin adapter over
 * `zip-stream` (archiver's streaming ZIP on compress-commons: deflated entries, sizes in data
 * descriptors, ZIP64 records once offsets or the directory pass 4 GiB). An entry's text goes in by
 * chunks and leaves compressed; each chunk waits for the compressor and the reader, so nothing but
 * the streams' buffers and the compressor's window is held. One entry stays under 4 GiB (an XLSX
 * export starts a new sheet before). Deflate level 1: the XML of a sheet is repetitive, and the
 * export is bound by the compressor otherwise.
 */
export class ZipStreamWriter {
  private readonly zip = new ZipStream({ zlib: { level: 1, chunkSize: 64 * 1024 } });
  /** The archive's bytes handed to the output, in order; settles when the archive ends or the output fails. */
  private readonly pumped: Promise<void>;
  /** Rejects if the output or the archive fails; never resolves otherwise. */
  private readonly broken: Promise<never>;
  private current: Current | null = null;

  constructor(
    output: ZipOutput,
    private readonly modifiedAt: Date,
  ) {
    this.pumped = (async () => {
      for await (const chunk of this.zip as AsyncIterable<Buffer>) await output(chunk);
    })();
    this.broken = this.pumped.then(() => new Promise<never>(() => undefined));
    // Awaited by write(), end() or finish(); a failure is theirs to report, never an unhandled rejection.
    this.broken.catch(() => undefined);
  }

  /** Bytes of the current entry's text taken so far (uncompressed). */
  get entrySize(): number {
    return this.current?.size ?? 0;
  }

  /** Starts an entry (ending the one before). */
  async begin(name: string): Promise<void> {
    await this.end();
    const source = new PassThrough({ highWaterMark: 64 * 1024 });
    const added = this.entry(source, name);
    // Awaited by end(); a failure before then is its to report.
    added.catch(() => undefined);
    this.current = { source, size: 0, added };
  }

  /** Adds text to the current entry; resolves once the compressor and the reader have caught up. */
  async write(text: string | Buffer): Promise<void> {
    const current = this.current;
    if (!current) throw new Error('no ZIP entry begun');
    const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    current.size += bytes.length;
    if (!current.source.write(bytes)) await Promise.race([once(current.source, 'drain'), this.broken]);
  }

  /** A whole small entry at once. */
  async add(name: string, text: string): Promise<void> {
    await this.end();
    await Promise.race([this.entry(Buffer.from(text, 'utf8'), name), this.broken]);
  }

  /** Ends the current entry, if any: the rest of its compressed data, then its data descriptor. */
  async end(): Promise<void> {
    const current = this.current;
    if (!current) return;
    this.current = null;
    current.source.end();
    await Promise.race([current.added, this.broken]);
  }

  /** Ends the last entry, writes the central directory and waits until the reader has it all. */
  async finish(): Promise<void> {
    await this.end();
    this.zip.finalize();
    await this.pumped;
  }

  private entry(source: Buffer | PassThrough, name: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.zip.entry(source, { name, date: this.modifiedAt }, (error) => (error ? reject(error) : resolve()));
    });
  }
}
