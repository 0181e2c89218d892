import type { Writable } from 'node:stream';

/** The client went away (or the stream failed) before the export was complete. */
export class ExportAborted extends Error {
  constructor() {
    super('the export stream closed before the export was complete');
  }
}

// What a sink lets the stream buffer before writers wait for the client: bounded, yet enough that
// a writer is not woken for every 16 kB the socket takes (the stream's own high-water mark).
const MAX_BUFFERED_BYTES = 1024 * 1024;

/**
 * Where an export's bytes go (the HTTP response, or a file in tests). Writers check `backedUp`
 * after writing and await `drained()`: the client's reading pace limits how much is buffered,
 * so memory stays flat whatever the number of rows.
 */
export class ExportSink {
  private closed = false;

  constructor(readonly stream: Writable) {
    const markClosed = () => (this.closed = true);
    stream.once('close', markClosed);
    stream.once('error', markClosed);
  }

  get backedUp(): boolean {
    return this.closed || this.stream.writableLength > MAX_BUFFERED_BYTES;
  }

  write(chunk: Buffer | string): boolean {
    if (this.closed) return false;
    return this.stream.write(chunk);
  }

  /** Resolves when the stream has taken what was written; rejects with ExportAborted if it closed. */
  async drained(): Promise<void> {
    if (this.closed) throw new ExportAborted();
    // Past the limit the stream is also past its high-water mark, so 'drain' will come.
    if (this.stream.writableLength <= MAX_BUFFERED_BYTES) return;
    await new Promise<void>((resolve, reject) => {
      const onDrain = () => {
        cleanup();
        resolve();
      };
      const onClose = () => {
        cleanup();
        reject(new ExportAborted());
      };
      const cleanup = () => {
        this.stream.off('drain', onDrain);
        this.stream.off('close', onClose);
        this.stream.off('error', onClose);
      };
      this.stream.on('drain', onDrain);
      this.stream.on('close', onClose);
      this.stream.on('error', onClose);
    });
  }

  /** Ends the stream and waits until everything is flushed. */
  async end(): Promise<void> {
    if (this.closed) throw new ExportAborted();
    await new Promise<void>((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(() => resolve());
    });
  }
}
