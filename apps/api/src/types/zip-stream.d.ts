// zip-stream (archiver's streaming ZIP, on compress-commons) ships no types and @types/zip-stream is not
// installed; the api uses only what ZipStreamWriter (core/documents/zip-stream-writer.ts) calls.
declare module 'zip-stream' {
  import type { Readable, Transform } from 'node:stream';

  interface ZipStreamOptions {
    /** zlib options of each deflated entry (level, chunkSize…). */
    zlib?: { level?: number; chunkSize?: number };
    /** Always write ZIP64 records (otherwise only once sizes or offsets need them). */
    forceZip64?: boolean;
    /** Header times in local time instead of UTC. */
    forceLocalTime?: boolean;
    comment?: string;
  }

  interface EntryData {
    name: string;
    date?: Date | string;
    /** Stored instead of deflated. */
    store?: boolean;
    type?: 'file' | 'directory';
    mode?: number;
    comment?: string;
  }

  /** A readable ZIP: entries go in one at a time, the archive's bytes come out. */
  class ZipStream extends Transform {
    constructor(options?: ZipStreamOptions);
    /** Adds an entry from a buffer or a readable; `callback` once its data descriptor is written. */
    entry(source: Buffer | string | Readable, data: EntryData, callback?: (error: Error | null) => void): this;
    /** Writes the central directory and ends the stream. */
    finalize(): void;
  }

  export = ZipStream;
}
