import { StringDecoder } from 'node:string_decoder';
import { ZipFileReader, ZipFormatError } from '../../core/documents/zip-file-reader';
import { decodeCellText } from './xlsx-cell-text';

/** The workbook is not one this reader can read (the message says where). */
export class XlsxFormatError extends Error {}

/** One row of a sheet: its number and the text of its cells by column (A = 0), '' where empty. */
export interface SheetRow {
  number: number;
  cells: string[];
}

interface XmlHandler {
  /** Whether character data is wanted now (it is decoded only then). */
  wantsText: boolean;
  open(name: string, tag: string, selfClosing: boolean): void;
  close(name: string): void;
  text(text: string): void;
}

const ENTITY = /&(?:#x([0-9A-Fa-f]{1,6})|#([0-9]{1,7})|(lt|gt|amp|quot|apos));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** XML character data as text: the five entities and character references, line ends as \n (XML 1.0 §2.11). */
function xmlCharacterData(raw: string, where: () => string): string {
  const text = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
  if (!text.includes('&')) return text;
  return text.includes('&#') ? withReferences(text, where) : withEntities(text, where);
}

/**
 * The five entities replaced one after the other (an export's canonical JSON holds dozens of
 * `&quot;` per cell; one `replaceAll` each is several times faster than a regex with a callback).
 * `&amp;` goes last, so the `&` it yields is never read as the start of another entity.
 */
function withEntities(raw: string, where: () => string): string {
  let text = raw;
  if (text.includes('&quot;')) text = text.replaceAll('&quot;', '"');
  if (text.includes('&lt;')) text = text.replaceAll('&lt;', '<');
  if (text.includes('&gt;')) text = text.replaceAll('&gt;', '>');
  if (text.includes('&apos;')) text = text.replaceAll('&apos;', "'");
  if (!text.includes('&')) return text;
  if (/&(?!amp;)/.test(text)) throw new XlsxFormatError(`${where()}: an & that is not a reference`);
  return text.replaceAll('&amp;', '&');
}

function withReferences(raw: string, where: () => string): string {
  let decoded = 0;
  const text = raw.replace(ENTITY, (_, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    decoded += 1;
    if (name) return NAMED[name] ?? '';
    const code = hex ? Number.parseInt(hex, 16) : Number(dec);
    if (code > 0x10ffff || code === 0) throw new XlsxFormatError(`${where()}: a character reference out of range`);
    return String.fromCodePoint(code);
  });
  // Every & was part of a reference: an `&` left over was not.
  if ((raw.match(/&/g)?.length ?? 0) !== decoded) throw new XlsxFormatError(`${where()}: an & that is not a reference`);
  return text;
}

/** The attributes of a start tag's text (after its name), values decoded. */
export function xmlAttributes(tag: string, where: () => string): Map<string, string> {
  const attributes = new Map<string, string>();
  ATTRIBUTE.lastIndex = 0;
  for (let m = ATTRIBUTE.exec(tag); m; m = ATTRIBUTE.exec(tag)) {
    const name = m[1] ?? '';
    attributes.set(name.slice(name.indexOf(':') + 1), xmlCharacterData(m[2] ?? m[3] ?? '', where));
  }
  return attributes;
}

/** The index of the `>` ending the tag whose text starts at `from` (quoted values may hold `>`); -1 if not yet read. */
function tagEnd(xml: string, from: number): number {
  let quote = 0;
  for (let i = from; i < xml.length; i++) {
    const c = xml.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) {
      quote = c;
    } else if (c === 62) {
      return i;
    }
  }
  return -1;
}

/**
 * A small streaming XML scanner for the parts of a workbook: start and end tags with their
 * local names (namespace prefixes dropped), character data and CDATA when the handler wants it;
 * comments and processing instructions skipped. A DOCTYPE is refused (no OOXML part has one, and
 * entity definitions are how XML parsers are attacked). Text goes in by chunks of any size.
 */
class XmlScanner {
  private xml = '';
  private depth = 0;

  constructor(
    private readonly handler: XmlHandler,
    private readonly where: () => string,
  ) {}

  push(text: string): void {
    const xml = this.xml.length > 0 ? this.xml + text : text;
    const handler = this.handler;
    let pos = 0;
    const n = xml.length;
    while (pos < n) {
      const lt = xml.indexOf('<', pos);
      if (lt < 0) break;
      if (lt > pos && handler.wantsText) handler.text(xmlCharacterData(xml.slice(pos, lt), this.where));
      const next = xml.charCodeAt(lt + 1);
      if (Number.isNaN(next)) {
        pos = lt;
        break;
      }
      if (next === 33 /* ! */) {
        const end = this.special(xml, lt);
        if (end < 0) {
          pos = lt;
          break;
        }
        pos = end;
        continue;
      }
      if (next === 63 /* ? */) {
        const end = xml.indexOf('?>', lt + 2);
        if (end < 0) {
          pos = lt;
          break;
        }
        pos = end + 2;
        continue;
      }
      const gt = tagEnd(xml, lt + 1);
      if (gt < 0) {
        pos = lt;
        break;
      }
      if (next === 47 /* / */) {
        const raw = xml.slice(lt + 2, gt).trimEnd();
        this.depth -= 1;
        if (this.depth < 0) throw new XlsxFormatError(`${this.where()}: an end tag without its start`);
        handler.close(raw.slice(raw.indexOf(':') + 1));
      } else {
        const selfClosing = xml.charCodeAt(gt - 1) === 47;
        let nameEnd = lt + 1;
        for (; nameEnd < gt; nameEnd++) {
          const c = xml.charCodeAt(nameEnd);
          if (c === 32 || c === 9 || c === 10 || c === 13 || c === 47) break;
        }
        const qualified = xml.slice(lt + 1, nameEnd);
        const name = qualified.slice(qualified.indexOf(':') + 1);
        if (!selfClosing) this.depth += 1;
        handler.open(name, xml.slice(nameEnd, selfClosing ? gt - 1 : gt), selfClosing);
      }
      pos = gt + 1;
    }
    // Character data not yet wanted is dropped; the rest waits for the next `<`.
    this.xml = pos >= n ? '' : xml.slice(pos);
  }

  end(): void {
    if (this.xml.trim().length > 0 || this.depth !== 0) {
      throw new XlsxFormatError(`${this.where()}: the XML ends inside an element`);
    }
  }

  /** `<!…`: a comment or CDATA section; returns the index after it, -1 if not yet read. */
  private special(xml: string, lt: number): number {
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      return end < 0 ? -1 : end + 3;
    }
    if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      if (end < 0) return -1;
      if (this.handler.wantsText) this.handler.text(xml.slice(lt + 9, end));
      return end + 3;
    }
    if (xml.length - lt < 9) return -1;
    throw new XlsxFormatError(`${this.where()}: a DOCTYPE or other declaration, which no workbook part holds`);
  }
}

/** 0-based column of a cell reference such as `AB12`; -1 if it is not one. */
function columnOf(reference: string): number {
  let column = 0;
  let i = 0;
  for (; i < reference.length; i++) {
    const c = reference.charCodeAt(i);
    if (c >= 65 && c <= 90) column = column * 26 + (c - 64);
    else break;
  }
  return i === 0 || i > 3 ? -1 : column - 1;
}

const R_ATTRIBUTE = /\sr\s*=\s*["']([^"']*)["']/;
const T_ATTRIBUTE = /\st\s*=\s*["']([^"']*)["']/;

/**
 * The rows of a worksheet part (`sheetData`) as plain text by column: inline text (`t="str"`, as
 * our exports write it, or `t="inlineStr"`), shared strings (`t="s"`, as Excel writes a file it
 * saved), numbers as JavaScript prints them; every text with its `_xHHHH_` escapes decoded. Rich
 * text is read as the text of its runs (phonetic runs left out). A formula, an error, a boolean
 * or a date cell is not an export's: it is refused, naming the row.
 */
class SheetRowsHandler implements XmlHandler {
  wantsText = false;
  rows: SheetRow[] = [];
  private row: SheetRow | null = null;
  private rowNumber = 0;
  private nextColumn = 0;
  private cellColumn = 0;
  private cellType = '';
  private inCell = false;
  private formula = false;
  private value: string | null = null;
  private inline: string | null = null;
  private inInline = false;
  private inPhonetic = false;
  private collecting: 'v' | 't' | null = null;
  private piece = '';

  constructor(
    private readonly sheetName: string,
    private readonly sharedStrings: readonly string[] | null,
  ) {}

  readonly where = () => `sheet ${this.sheetName} row ${this.row?.number ?? this.rowNumber}`;

  open(name: string, tag: string, selfClosing: boolean): void {
    switch (name) {
      case 'row': {
        const r = R_ATTRIBUTE.exec(tag)?.[1];
        const number = r === undefined ? this.rowNumber + 1 : Number(r);
        if (!Number.isSafeInteger(number) || number <= this.rowNumber) {
          throw new XlsxFormatError(`${this.where()}: row ${r ?? ''} out of order`);
        }
        this.rowNumber = number;
        this.row = { number, cells: [] };
        this.nextColumn = 0;
        if (selfClosing) this.endRow();
        return;
      }
      case 'c': {
        if (!this.row) throw new XlsxFormatError(`${this.where()}: a cell outside a row`);
        const r = R_ATTRIBUTE.exec(tag)?.[1];
        const column = r === undefined ? this.nextColumn : columnOf(r);
        if (column < this.nextColumn) throw new XlsxFormatError(`${this.where()}: cell ${r ?? ''} out of order`);
        this.cellColumn = column;
        this.nextColumn = column + 1;
        this.cellType = T_ATTRIBUTE.exec(tag)?.[1] ?? 'n';
        this.inCell = true;
        this.formula = false;
        this.value = null;
        this.inline = null;
        if (selfClosing) this.endCell();
        return;
      }
      case 'v':
        if (!this.inCell) return;
        if (selfClosing) this.value = '';
        else this.collect('v');
        return;
      case 'f':
        if (this.inCell) this.formula = true;
        return;
      case 'is':
        if (this.inCell) {
          this.inInline = !selfClosing;
          this.inline = '';
        }
        return;
      case 'rPh':
        if (!selfClosing) this.inPhonetic = true;
        return;
      case 't':
        if (this.inInline && !this.inPhonetic && !selfClosing) this.collect('t');
        return;
      default:
        return;
    }
  }

  close(name: string): void {
    switch (name) {
      case 'row':
        this.endRow();
        return;
      case 'c':
        this.endCell();
        return;
      case 'v':
        if (this.collecting === 'v') {
          this.value = this.piece;
          this.stopCollecting();
        }
        return;
      case 't':
        if (this.collecting === 't') {
          this.inline = (this.inline ?? '') + this.piece;
          this.stopCollecting();
        }
        return;
      case 'is':
        this.inInline = false;
        return;
      case 'rPh':
        this.inPhonetic = false;
        return;
      default:
        return;
    }
  }

  text(text: string): void {
    this.piece += text;
  }

  private collect(target: 'v' | 't'): void {
    this.collecting = target;
    this.piece = '';
    this.wantsText = true;
  }

  private stopCollecting(): void {
    this.collecting = null;
    this.piece = '';
    this.wantsText = false;
  }

  private endCell(): void {
    if (!this.inCell || !this.row) return;
    this.inCell = false;
    const text = this.cellText();
    if (text === '') return;
    const cells = this.row.cells;
    while (cells.length < this.cellColumn) cells.push('');
    cells.push(text);
  }

  private cellText(): string {
    if (this.formula) throw new XlsxFormatError(`${this.where()}: a formula cell, which no export holds`);
    switch (this.cellType) {
      case 'str':
        return decodeCellText(this.value ?? '');
      case 'inlineStr':
        return decodeCellText(this.inline ?? this.value ?? '');
      case 's': {
        if (this.value === null) return '';
        const index = Number(this.value);
        const shared = Number.isSafeInteger(index) ? this.sharedStrings?.[index] : undefined;
        if (shared === undefined) throw new XlsxFormatError(`${this.where()}: shared string ${this.value} not found`);
        return decodeCellText(shared);
      }
      case 'n':
        return this.value === null || this.value.trim() === '' ? '' : String(Number(this.value));
      default:
        throw new XlsxFormatError(`${this.where()}: a cell that is not plain text or a number (type ${this.cellType})`);
    }
  }

  private endRow(): void {
    if (!this.row) return;
    this.rows.push(this.row);
    this.row = null;
  }
}

/** The shared strings part: the text of each `si` (rich text runs joined, phonetic runs left out), still escaped. */
class SharedStringsHandler implements XmlHandler {
  wantsText = false;
  readonly strings: string[] = [];
  private current: string | null = null;
  private inPhonetic = false;

  open(name: string, _tag: string, selfClosing: boolean): void {
    if (name === 'si') {
      if (selfClosing) this.strings.push('');
      else this.current = '';
    } else if (name === 'rPh') {
      if (!selfClosing) this.inPhonetic = true;
    } else if (name === 't' && this.current !== null && !this.inPhonetic && !selfClosing) {
      this.wantsText = true;
    }
  }

  close(name: string): void {
    if (name === 'si' && this.current !== null) {
      this.strings.push(this.current);
      this.current = null;
    } else if (name === 'rPh') {
      this.inPhonetic = false;
    } else if (name === 't') {
      this.wantsText = false;
    }
  }

  text(text: string): void {
    this.current = (this.current ?? '') + text;
  }
}

/** Collects start tags of some names with their attributes (workbook index, relationships). */
class TagsHandler implements XmlHandler {
  wantsText = false;
  readonly tags: Map<string, string>[] = [];

  constructor(
    private readonly names: readonly string[],
    private readonly where: () => string,
  ) {}

  open(name: string, tag: string): void {
    if (this.names.includes(name)) this.tags.push(xmlAttributes(tag, this.where));
  }

  close(): void {
    /* only start tags matter */
  }

  text(): void {
    /* no text wanted */
  }
}

/** One sheet of the workbook, in the workbook's order. */
export interface WorkbookSheet {
  name: string;
  rows(): AsyncGenerator<SheetRow[]>;
  /** The sheet part's XML as UTF-8 bytes, in chunks (for parsing in parts, see SheetRowsParser). */
  bytes(): AsyncGenerator<Buffer>;
}

/**
 * The rows of a piece of sheet XML given as text in chunks: a whole sheet part, or a run of whole
 * `<row>` elements cut out of one (a worker's share). `rows` holds the rows completed so far,
 * also when `push` throws (the rows before the fault were read).
 */
export class SheetRowsParser {
  private readonly handler: SheetRowsHandler;
  private readonly scanner: XmlScanner;

  constructor(sheetName: string, sharedStrings: readonly string[] | null) {
    this.handler = new SheetRowsHandler(sheetName, sharedStrings);
    this.scanner = new XmlScanner(this.handler, this.handler.where);
  }

  push(text: string): void {
    this.scanner.push(text);
  }

  end(): void {
    this.scanner.end();
  }

  /** The rows completed since the last call. */
  take(): SheetRow[] {
    const rows = this.handler.rows;
    this.handler.rows = [];
    return rows;
  }
}

const WORKBOOK = 'xl/workbook.xml';

/**
 * An XLSX workbook read with our own ZIP and XML reading (no spreadsheet library): the sheets in
 * the order the workbook lists them, each read row by row in constant memory. Shared strings, if
 * the file has them (a copy saved by Excel), are read first and held in memory; an export as the
 * api writes it has none.
 */
export class XlsxWorkbookReader {
  private constructor(
    private readonly zip: ZipFileReader,
    private readonly sharedStrings: readonly string[] | null,
    readonly sheets: readonly WorkbookSheet[],
  ) {}

  static async open(path: string): Promise<XlsxWorkbookReader> {
    let zip: ZipFileReader;
    try {
      zip = await ZipFileReader.open(path);
    } catch (error) {
      if (error instanceof ZipFormatError) throw new XlsxFormatError(`not a readable XLSX file: ${error.message}`);
      throw error;
    }
    const part = async (name: string, handler: XmlHandler): Promise<boolean> => {
      const entry = zip.entries.get(name);
      if (!entry) return false;
      await scan(zip, name, handler, () => name);
      return true;
    };
    const workbook = new TagsHandler(['sheet'], () => WORKBOOK);
    if (!(await part(WORKBOOK, workbook))) throw new XlsxFormatError(`not an XLSX workbook: no ${WORKBOOK}`);
    const relationships = new TagsHandler(['Relationship'], () => 'xl/_rels/workbook.xml.rels');
    await part('xl/_rels/workbook.xml.rels', relationships);
    const targets = new Map(relationships.tags.map((tag) => [tag.get('Id'), tag.get('Target') ?? '']));
    const relsTypes = new Map(relationships.tags.map((tag) => [tag.get('Id'), tag.get('Type') ?? '']));
    let sharedStrings: string[] | null = null;
    const sharedTarget = [...relsTypes].find(([, type]) => type.endsWith('/sharedStrings'))?.[0];
    const sharedPath = sharedTarget ? partPath(targets.get(sharedTarget) ?? '') : 'xl/sharedStrings.xml';
    const shared = new SharedStringsHandler();
    if (await part(sharedPath, shared)) sharedStrings = shared.strings;
    const sheets: WorkbookSheet[] = [];
    const reader = new XlsxWorkbookReader(zip, sharedStrings, sheets);
    for (const tag of workbook.tags) {
      const name = tag.get('name') ?? '';
      const target = targets.get(tag.get('id'));
      if (!target) throw new XlsxFormatError(`${WORKBOOK}: sheet ${name} has no part`);
      const path = partPath(target);
      sheets.push({ name, rows: () => reader.sheetRows(name, path), bytes: () => reader.sheetBytes(name, path) });
    }
    return reader;
  }

  /** The shared strings table (a file saved by Excel), or null (an export as the api writes it). */
  get sharedStringTable(): readonly string[] | null {
    return this.sharedStrings;
  }

  private async *sheetRows(name: string, path: string): AsyncGenerator<SheetRow[]> {
    const parser = new SheetRowsParser(name, this.sharedStrings);
    const decoder = new StringDecoder('utf8');
    let first = true;
    for await (const chunk of this.sheetBytes(name, path)) {
      let text = decoder.write(chunk);
      if (first && text.length > 0) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      parser.push(text);
      const rows = parser.take();
      if (rows.length > 0) yield rows;
    }
    parser.push(decoder.end());
    parser.end();
    const rows = parser.take();
    if (rows.length > 0) yield rows;
  }

  private sheetBytes(name: string, path: string): AsyncGenerator<Buffer> {
    if (!this.zip.entries.has(path)) throw new XlsxFormatError(`sheet ${name}: its part ${path} is missing`);
    return this.readPart(path);
  }

  private readPart(path: string): AsyncGenerator<Buffer> {
    const entry = this.zip.entries.get(path);
    if (!entry) throw new XlsxFormatError(`${path} is missing`);
    return wrapZipErrors(this.zip.read(entry));
  }
}

async function* wrapZipErrors(source: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
  try {
    yield* source;
  } catch (error) {
    if (error instanceof ZipFormatError) throw new XlsxFormatError(error.message);
    throw error;
  }
}

async function scan(zip: ZipFileReader, name: string, handler: XmlHandler, where: () => string): Promise<void> {
  const entry = zip.entries.get(name);
  if (!entry) return;
  const decoder = new StringDecoder('utf8');
  const scanner = new XmlScanner(handler, where);
  let first = true;
  for await (const chunk of wrapZipErrors(zip.read(entry))) {
    let text = decoder.write(chunk);
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    scanner.push(text);
  }
  scanner.push(decoder.end());
  scanner.end();
}

/** A relationship target (relative to `xl/`, or absolute from the package root) as a ZIP entry name. */
function partPath(target: string): string {
  const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  const parts: string[] = [];
  for (const piece of path.split('/')) {
    if (piece === '..') parts.pop();
    else if (piece !== '.' && piece !== '') parts.push(piece);
  }
  return parts.join('/');
}
