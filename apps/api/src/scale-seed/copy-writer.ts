import { once } from 'node:events';
import type { ClientBase } from 'pg';
import { type CopyFromStream, from as copyFrom } from 'pg-copy-streams';

/** A value as COPY's text format takes it. */
export type CopyValue = string | number | boolean | null | Date | Buffer | object;

/**
 * One field in COPY text format: `\N` for NULL, backslash escapes for the characters that
 * separate fields and rows; objects as JSON (jsonb columns), buffers as bytea hex.
 */
export function copyField(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Date) return value.toISOString();
  const text = Buffer.isBuffer(value)
    ? `\\x${value.toString('hex')}`
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);
  return /[\\\n\r\t]/.test(text)
    ? text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')
    : text;
}

export function copyLine(values: readonly CopyValue[]): string {
  return `${values.map(copyField).join('\t')}\n`;
}

// Rows are handed to the socket in chunks of about this many characters.
const CHUNK = 256 * 1024;

/**
 * `COPY table (columns) FROM STDIN` through pg-copy-streams, with backpressure: `write` waits
 * while PostgreSQL is behind, so memory stays flat however many rows go through.
 */
export class CopyWriter {
  private buffer: string[] = [];
  private buffered = 0;
  rows = 0;

  private constructor(private readonly stream: CopyFromStream) {}

  static open(client: ClientBase, table: string, columns: readonly string[]): CopyWriter {
    const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
    const writer = new CopyWriter(stream);
    // An error surfaces on the next write or on end(); until then keep it from crashing the process.
    stream.on('error', () => undefined);
    return writer;
  }

  async write(values: readonly CopyValue[]): Promise<void> {
    const line = copyLine(values);
    this.buffer.push(line);
    this.buffered += line.length;
    this.rows += 1;
    if (this.buffered >= CHUNK) await this.flush();
  }

  private async flush(): Promise<void> {
    if (!this.buffer.length) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.buffered = 0;
    if (this.stream.errored) throw this.stream.errored;
    // once() rejects if the stream errors while waiting, and leaves no listener behind.
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
    // Read again: the stream may have failed while this method waited (the compiler still narrows it to null).
    const failed = this.stream.errored as Error | null;
    if (failed) throw failed;
  }

  /** Sends the rest and waits until PostgreSQL has taken every row (the COPY's own commit). */
  async end(): Promise<number> {
    await this.flush();
    const finished = once(this.stream, 'finish');
    this.stream.end();
    await finished;
    return this.rows;
  }
}

/** Copies a batch of rows into one table in one statement (small tables, chunks). */
export async function copyRows(
  client: ClientBase,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly CopyValue[])[],
): Promise<void> {
  if (!rows.length) return;
  const writer = CopyWriter.open(client, table, columns);
  for (const row of rows) await writer.write(row);
  await writer.end();
}
