import { ZipStreamWriter } from '../../core/documents/zip-stream-writer';
import {
  type ExportContext,
  type ExportEvent,
  META_SHEET_HEADER,
  READABLE_COLUMNS,
  XLSX_ROWS_PER_SHEET,
  canonicalColumns,
  metadataRows,
  readableCells,
  splitCanonical,
} from './audit-export-layout';
import type { AuditExportWriter } from './audit-export-writer';
import type { ExportSink } from './export-sink';
import { Utf8Chunks } from './utf8-chunks';
import { MAY_NEED_ESCAPING, encodeCellText } from './xlsx-cell-text';
import { ZonedTimeFormat } from './zoned-time-format';

const WIDTHS: Record<string, number> = { seq: 9, prevHash: 20, hash: 20, at: 30, before: 40, after: 40 };
// Sheet XML is handed to the compressor in chunks of about this many bytes.
const CHUNK_BYTES = 64 * 1024;
// A sheet ends before its XML could pass what a ZIP entry without ZIP64 holds (4 GiB).
const SHEET_MAX_BYTES = 0xffff_ffff - 64 * 1024 * 1024;

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DOC_RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const STYLES =
  `${XML_HEAD}<styleSheet xmlns="${MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>` +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

const XML_SPECIAL = /["&'<>]/;
const XML_SPECIALS = /["&'<>]/g;
const XML_CONTENT_SPECIAL = /[&<>]/;
const XML_CONTENT_SPECIALS = /[&<>]/g;
const XML_ENTITY: Record<string, string> = { '"': '&quot;', '&': '&amp;', "'": '&apos;', '<': '&lt;', '>': '&gt;' };

/** Text as an XML attribute value in double quotes (controls are escaped before). */
export function xmlText(text: string): string {
  return XML_SPECIAL.test(text) ? text.replace(XML_SPECIALS, (c) => XML_ENTITY[c] ?? c) : text;
}

/**
 * Text as XML character data: `&`, `<` and `>` as entities. Quotes stay as they are (only an
 * attribute needs them escaped): canonical JSON holds dozens per cell, and `&quot;` for each made
 * the sheet a fifth longer to write, compress and read back.
 */
export function xmlContent(text: string): string {
  return XML_CONTENT_SPECIAL.test(text) ? text.replace(XML_CONTENT_SPECIALS, (c) => XML_ENTITY[c] ?? c) : text;
}

// What encodeCellText or xmlContent would change, in one test: most cells hold none of it.
const NEEDS_ENCODING = new RegExp(`[&<>]|${MAY_NEED_ESCAPING.source}`);

/** A cell's text as sheet XML: characters a spreadsheet cannot keep as `_xHHHH_`, then XML character data. */
export function cellXml(text: string): string {
  return NEEDS_ENCODING.test(text) ? xmlContent(encodeCellText(text)) : text;
}

/** Spreadsheet column letters of a 0-based index: A … Z, AA … */
export function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/**
 * XLSX export, written as the sheet XML itself into a streaming ZIP (core/documents): sheets
 * `audit-1`, `audit-2` … of at most 1,000,000 events, each with a frozen header row, then a `meta`
 * sheet of `section | key | value` rows; the workbook index comes last (the sheet count is known
 * only then). Cells are inline text (`t="str"`, as exceljs wrote them, so that the reader and the
 * offline verifier read them unchanged), `seq` a number. Every text is written with the OOXML
 * `_xHHHH_` escape (xlsx-cell-text.ts), so any text ever stored comes back exactly. A canonical
 * text longer than one cell holds continues in `canonical_2`, `canonical_3` …; `canonicalPieces`
 * (from the longest canonical in the export) fixes how many such columns every sheet has. Memory:
 * one chunk of XML and the compressor's window; each chunk waits for the client.
 */
export class XlsxExportWriter implements AuditExportWriter {
  private readonly zip: ZipStreamWriter;
  private readonly columns: string[];
  private readonly letters: string[];
  private readonly time: ZonedTimeFormat;
  private readonly sheetNames: string[] = [];
  private rowsInSheet = 0;
  private readonly out = new Utf8Chunks(CHUNK_BYTES);

  constructor(
    private readonly sink: ExportSink,
    private readonly context: ExportContext,
    private readonly canonicalPieces: number,
    private readonly rowsPerSheet = XLSX_ROWS_PER_SHEET,
  ) {
    this.time = new ZonedTimeFormat(context.timeZone);
    this.columns = ['seq', 'prevHash', 'hash', ...canonicalColumns(canonicalPieces), ...READABLE_COLUMNS];
    this.letters = this.columns.map((_, i) => columnLetters(i));
    this.zip = new ZipStreamWriter(async (chunk) => {
      // Once the client is gone the bytes are dropped; the export loop stops at drained().
      if (!this.sink.write(chunk)) await this.sink.drained();
    }, context.exportedAt);
  }

  async start(): Promise<void> {
    await this.nextSheet();
  }

  async write(events: readonly ExportEvent[]): Promise<void> {
    const pieces = this.canonicalPieces;
    const first = 3;
    const readableStart = first + pieces;
    for (const event of events) {
      if (this.rowsInSheet === this.rowsPerSheet || this.sheetFull()) await this.nextSheet();
      const canonical = splitCanonical(event.canonical);
      if (canonical.length > pieces) throw new Error(`canonical of seq ${event.seq} needs more columns`);
      const r = this.rowsInSheet + 2;
      const L = this.letters;
      let xml = `<row r="${r}"><c r="${L[0]}${r}"><v>${event.seq}</v></c>${this.text(L[1], r, xmlContent(event.prevHash))}${this.text(L[2], r, xmlContent(event.hash))}`;
      // Cut first, then escaped: a cell's limit counts the text it holds, and no escape spans two cells.
      for (let i = 0; i < canonical.length; i++) xml += this.text(L[first + i], r, cellXml(canonical[i] ?? ''));
      const readable = readableCells(event, this.time);
      for (let i = 0; i < readable.length; i++) {
        const cell = readable[i];
        if (cell) xml += this.text(L[readableStart + i], r, cellXml(cell));
      }
      this.add(`${xml}</row>`);
      this.rowsInSheet += 1;
      if (this.out.length >= CHUNK_BYTES) await this.flush();
    }
    await this.flush();
  }

  async finish(rows: number): Promise<void> {
    await this.endSheet();
    this.sheetNames.push('meta');
    await this.zip.begin(`xl/worksheets/sheet${this.sheetNames.length}.xml`);
    this.add(this.sheetStart([12, 18, 100], false));
    this.add(this.headerRow([...META_SHEET_HEADER]));
    let r = 2;
    for (const entry of metadataRows(this.context, rows)) {
      const cells = entry.map((value, i) => (value ? this.text(columnLetters(i), r, cellXml(value)) : ''));
      this.add(`<row r="${r}">${cells.join('')}</row>`);
      r += 1;
    }
    this.add('</sheetData></worksheet>');
    await this.flush();
    await this.zip.end();
    await this.package();
    await this.zip.finish();
    await this.sink.drained();
  }

  /** A text cell; `xml` is its text as cellXml gives it. */
  private text(column: string | undefined, row: number, xml: string): string {
    return `<c r="${column}${row}" t="str"><v>${xml}</v></c>`;
  }

  private headerRow(names: readonly string[]): string {
    return `<row r="1">${names.map((name, i) => this.text(columnLetters(i), 1, cellXml(name))).join('')}</row>`;
  }

  private sheetStart(widths: number[], frozen: boolean): string {
    const views = frozen
      ? '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/></sheetView></sheetViews>'
      : '';
    const cols = widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('');
    return `${XML_HEAD}<worksheet xmlns="${MAIN}" xmlns:r="${DOC_RELS}">${views}<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData>`;
  }

  /** Whether the current sheet's XML is near what one ZIP entry holds. */
  private sheetFull(): boolean {
    return this.zip.entrySize + this.out.length > SHEET_MAX_BYTES;
  }

  private async nextSheet(): Promise<void> {
    await this.endSheet();
    this.sheetNames.push(`audit-${this.sheetNames.length + 1}`);
    this.rowsInSheet = 0;
    await this.zip.begin(`xl/worksheets/sheet${this.sheetNames.length}.xml`);
    const widths = this.columns.map((name) => WIDTHS[name] ?? (name.startsWith('canonical') ? 60 : 16));
    this.add(this.sheetStart(widths, true));
    this.add(this.headerRow(this.columns));
  }

  private async endSheet(): Promise<void> {
    if (this.sheetNames.length === 0) return;
    this.add('</sheetData></worksheet>');
    await this.flush();
    await this.zip.end();
  }

  /** The workbook index, its relationships and the content types, once the sheets are known. */
  private async package(): Promise<void> {
    const sheets = this.sheetNames;
    const sheetRel = (i: number) => `rId${i + 2}`;
    await this.zip.add(
      'xl/workbook.xml',
      `${XML_HEAD}<workbook xmlns="${MAIN}" xmlns:r="${DOC_RELS}"><sheets>${sheets
        .map((name, i) => `<sheet name="${xmlText(name)}" sheetId="${i + 1}" r:id="${sheetRel(i)}"/>`)
        .join('')}</sheets></workbook>`,
    );
    await this.zip.add(
      'xl/_rels/workbook.xml.rels',
      `${XML_HEAD}<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${DOC_RELS}/styles" Target="styles.xml"/>${sheets
        .map(
          (_, i) =>
            `<Relationship Id="${sheetRel(i)}" Type="${DOC_RELS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
        )
        .join('')}</Relationships>`,
    );
    await this.zip.add('xl/styles.xml', STYLES);
    await this.zip.add(
      '[Content_Types].xml',
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        sheets
          .map(
            (_, i) =>
              `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
          )
          .join('') +
        '</Types>',
    );
    await this.zip.add(
      '_rels/.rels',
      `${XML_HEAD}<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    );
  }

  private add(xml: string): void {
    this.out.text(xml);
  }

  /** Hands the XML so far to the compressor; resolves once it and the client have caught up. */
  private async flush(): Promise<void> {
    if (this.out.length === 0) return;
    await this.zip.write(this.out.take());
    await this.sink.drained();
    // A turn of the event loop: the compressor (on the thread pool) hands back each chunk it
    // deflated through a callback here, so without one it waits for the whole batch to be written.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
