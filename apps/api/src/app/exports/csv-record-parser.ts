import { StringDecoder } from 'node:string_decoder';

export class CsvSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly record: number,
  ) {
    super(`record ${record}: ${reason}`);
  }
}

type State = 'fieldStart' | 'unquoted' | 'quoted' | 'quoteInQuoted' | 'afterCr';

// A record longer than this is not an audit export row (and would only exhaust memory).
const MAX_RECORD_CHARS = 64 * 1024 * 1024;
const UNQUOTED_STOP = /[,\r\n"]/g;

/**
 * A strict, incremental RFC 4180 reader: comma-separated fields, records ending in CRLF or LF
 * (a lone CR too), fields with commas, quotes or line breaks in double quotes with `""` for a
 * quote. Text goes in by chunks of any size; complete records come out. A quote inside an
 * unquoted field, text after a closing quote, or an unterminated quoted field is an error rather
 * than a guess: a verifier must not read a file differently from the program that wrote it.
 */
export class CsvRecordParser {
  private state: State = 'fieldStart';
  private field = '';
  private record: string[] = [];
  private recordChars = 0;
  private recordNumber = 1;
  private done: string[][] = [];

  /** Parses the next piece of text; returns the records completed by it. */
  push(text: string): string[][] {
    let i = 0;
    const n = text.length;
    while (i < n) {
      switch (this.state) {
        case 'afterCr':
          if (text.charCodeAt(i) === 10) i += 1;
          this.state = 'fieldStart';
          break;
        case 'fieldStart':
          if (text.charCodeAt(i) === 34) {
            i += 1;
            this.state = 'quoted';
          } else {
            this.state = 'unquoted';
          }
          break;
        case 'unquoted': {
          UNQUOTED_STOP.lastIndex = i;
          const stop = UNQUOTED_STOP.exec(text);
          if (!stop) {
            this.append(text.slice(i));
            i = n;
            break;
          }
          this.append(text.slice(i, stop.index));
          i = stop.index + 1;
          const c = stop[0];
          if (c === '"') throw new CsvSyntaxError('a quote inside an unquoted field', this.recordNumber);
          this.endField();
          if (c === ',') this.state = 'fieldStart';
          else this.endRecord(c === '\r' ? 'afterCr' : 'fieldStart');
          break;
        }
        case 'quoted': {
          // Up to the closing quote in one piece, `""` pairs undone at once: an export's canonical
          // JSON holds dozens of them per field, and appending around each one built strings of
          // hundreds of pieces that JSON.parse then had to flatten.
          let from = i;
          let pairs = false;
          let quote = text.indexOf('"', from);
          while (quote >= 0 && quote + 1 < n && text.charCodeAt(quote + 1) === 34) {
            pairs = true;
            from = quote + 2;
            quote = text.indexOf('"', from);
          }
          const end = quote < 0 ? n : quote;
          const piece = text.slice(i, end);
          this.append(pairs ? piece.replaceAll('""', '"') : piece);
          if (quote < 0) {
            i = n;
          } else {
            // A closing quote, or at the end of this chunk possibly the first of a pair.
            i = quote + 1;
            this.state = 'quoteInQuoted';
          }
          break;
        }
        case 'quoteInQuoted': {
          const c = text.charAt(i);
          i += 1;
          if (c === '"') {
            this.append('"');
            this.state = 'quoted';
          } else if (c === ',') {
            this.endField();
            this.state = 'fieldStart';
          } else if (c === '\n' || c === '\r') {
            this.endField();
            this.endRecord(c === '\r' ? 'afterCr' : 'fieldStart');
          } else {
            throw new CsvSyntaxError('text after the closing quote of a field', this.recordNumber);
          }
          break;
        }
      }
    }
    return this.take();
  }

  /** Ends the input; returns the last record when the text did not end with a line break. */
  end(): string[][] {
    if (this.state === 'quoted') throw new CsvSyntaxError('the file ends inside a quoted field', this.recordNumber);
    const pending = this.state === 'unquoted' || this.state === 'quoteInQuoted' || this.record.length > 0;
    if (pending) {
      this.endField();
      this.endRecord('fieldStart');
    }
    return this.take();
  }

  /** The records completed so far and not yet returned (after `push` threw: those before the fault). */
  drain(): string[][] {
    return this.take();
  }

  private append(text: string): void {
    this.recordChars += text.length;
    if (this.recordChars > MAX_RECORD_CHARS) throw new CsvSyntaxError('record too long', this.recordNumber);
    this.field += text;
  }

  private endField(): void {
    this.record.push(this.field);
    this.field = '';
  }

  private endRecord(next: State): void {
    this.done.push(this.record);
    this.record = [];
    this.recordChars = 0;
    this.recordNumber += 1;
    this.state = next;
  }

  private take(): string[][] {
    const records = this.done;
    this.done = [];
    return records;
  }
}

/** The records of a UTF-8 CSV byte stream (a leading byte-order mark is skipped), one at a time. */
export async function* csvRecords(input: AsyncIterable<Buffer | string>): AsyncGenerator<string[]> {
  const decoder = new StringDecoder('utf8');
  const parser = new CsvRecordParser();
  let atStart = true;
  for await (const chunk of input) {
    let text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (atStart && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      atStart = false;
    }
    yield* parser.push(text);
  }
  yield* parser.push(decoder.end());
  yield* parser.end();
}
