import PDFDocument from 'pdfkit';
import { type ExportContext, type ExportEvent, recordOf } from './audit-export-layout';
import type { AuditExportWriter } from './audit-export-writer';
import type { ExportSink } from './export-sink';
import { cjkFont } from '../../core/documents/cjk-font';
import { ZonedTimeFormat } from './zoned-time-format';

const FONT = 'NotoSansSC';

const MARGIN = 36;
const FOOTER_SPACE = 24;
const ROW_HEIGHT = 11;
const BODY_SIZE = 8;
const COLUMNS = {
  seq: { title: '序号 Seq', x: 36, width: 38 },
  time: { title: '时间 Time', x: 77, width: 80 },
  actor: { title: '操作人 Actor', x: 158, width: 118 },
  action: { title: '操作 Action', x: 278, width: 90 },
  entity: { title: '对象 Entity', x: 370, width: 122 },
  hash: { title: '哈希 Hash', x: 494, width: 65 },
} as const;
// Entity ids are shortened to this many characters (the full id is in the CSV and XLSX exports).
const SHORT_ID = 8;
// Texts cut to fit a column are remembered: names, roles, actions and entity types repeat.
const FIT_CACHE_LIMIT = 2000;

/**
 * PDF export, for reading (verification uses CSV or XLSX): a title block with the filters, the
 * export time, the chain head and the latest signed checkpoint, then one line per event with
 * times in the business time zone. Written page by page: pdfkit emits each page when the next
 * one starts, and the writer waits for the client after each row that filled the buffer.
 */
export class PdfExportWriter implements AuditExportWriter {
  private readonly doc: PDFKit.PDFDocument;
  private page = 1;
  private y = MARGIN;
  private readonly bottom: number;
  private readonly time: ZonedTimeFormat;
  private readonly fitted = new Map<string, string>();
  /** Room kept for a shortened entity id (ids are hexadecimal or codes). */
  private readonly idWidth: number;

  constructor(
    private readonly sink: ExportSink,
    private readonly context: ExportContext,
  ) {
    this.doc = new PDFDocument({
      size: 'A4',
      margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: FOOTER_SPACE / 2 },
      info: {
        Title: '审计日志导出 Audit log export',
        Author: context.exportedBy,
        CreationDate: context.exportedAt,
      },
    });
    this.doc.on('data', (chunk: Buffer) => this.sink.write(chunk));
    this.doc.registerFont(FONT, cjkFont());
    this.doc.font(FONT);
    this.bottom = this.doc.page.height - MARGIN - FOOTER_SPACE;
    this.time = new ZonedTimeFormat(context.timeZone);
    this.idWidth = this.doc.fontSize(BODY_SIZE).widthOfString(` ${'d'.repeat(SHORT_ID)}`);
  }

  async start(): Promise<void> {
    const { doc, context } = this;
    const time = (at: Date | string) =>
      `${this.time.dateTime(typeof at === 'string' ? at : at.toISOString()) ?? String(at)} (${context.timeZone})`;
    doc.fontSize(16).text('审计日志导出 / Audit log export', MARGIN, MARGIN);
    doc.moveDown(0.5).fontSize(9);
    const filters = Object.entries(context.filter).map(([key, value]) => `${key} = ${value}`);
    const checkpoint = context.checkpoint;
    const lines: [string, string][] = [
      ['导出时间 Exported at', time(context.exportedAt)],
      ['导出人 Exported by', context.exportedBy],
      ['筛选条件 Filters', filters.length ? filters.join('; ') : '无，全部事件 / none: every event'],
      ['链头 Chain head', `seq ${context.head.seq} · ${context.head.hash}`],
      [
        '签名检查点 Signed checkpoint',
        checkpoint
          ? `seq ${checkpoint.seq} · count ${checkpoint.count} · ${time(checkpoint.at)} · key ${checkpoint.keyId}\n` +
            `head hash ${checkpoint.headHash}`
          : '尚无 / none yet',
      ],
      [
        '说明 Note',
        '本文件供阅读；核验请使用 CSV 或 XLSX 导出与离线核验工具（npm run audit:verify）。\n' +
          'For reading: verify a CSV or XLSX export with the offline verifier (npm run audit:verify).',
      ],
    ];
    for (const [label, value] of lines) {
      const top = doc.y;
      doc.text(label, MARGIN, top, { width: 130 });
      doc.text(value, MARGIN + 134, top, { width: doc.page.width - 2 * MARGIN - 134 });
      doc.y = Math.max(doc.y, top) + 3;
    }
    this.y = doc.y + 8;
    this.tableHeader();
  }

  async write(events: readonly ExportEvent[]): Promise<void> {
    const { doc } = this;
    doc.fontSize(BODY_SIZE);
    for (const event of events) {
      if (this.y + ROW_HEIGHT > this.bottom) this.newPage();
      // The stored event as hashed; a field of an unexpected type (a tampered row) is shown as text.
      const record = recordOf(event.canonical);
      const field = (value: unknown) =>
        value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
      const actor = event.actorName ?? (field(record?.actorId) || '系统 system');
      const role = field(record?.actorRole);
      const entityId = field(record?.entityId) && ` ${field(record?.entityId).slice(0, SHORT_ID)}`;
      const entityType = this.fit(field(record?.entityType) || '—', COLUMNS.entity.width - this.idWidth);
      const cells: [keyof typeof COLUMNS, string][] = [
        ['seq', String(event.seq)],
        ['time', this.time.dateTime(field(record?.at)) ?? '—'],
        ['actor', this.fit(role ? `${actor} (${role})` : actor, COLUMNS.actor.width)],
        ['action', this.fit(field(record?.action) || '—', COLUMNS.action.width)],
        ['entity', `${entityType}${entityId}`],
        ['hash', event.hash.slice(0, 12)],
      ];
      for (const [column, text] of cells) doc.text(text, COLUMNS[column].x, this.y, { lineBreak: false });
      this.y += ROW_HEIGHT;
      if (this.sink.backedUp) await this.sink.drained();
    }
  }

  async finish(rows: number): Promise<void> {
    const { doc } = this;
    if (this.y + 2 * ROW_HEIGHT > this.bottom) this.newPage();
    doc.fontSize(9).text(`共 ${rows} 条事件 / ${rows} events`, MARGIN, this.y + ROW_HEIGHT / 2, { lineBreak: false });
    this.footer();
    await new Promise<void>((resolve, reject) => {
      doc.once('end', resolve);
      doc.once('error', reject);
      doc.end();
    });
    await this.sink.drained();
  }

  private newPage(): void {
    this.footer();
    this.forgetLayouts();
    this.doc.addPage();
    this.page += 1;
    this.y = MARGIN;
    this.tableHeader();
  }

  /**
   * pdfkit caches the layout of every distinct word for the whole document: with a million rows
   * of times, ids and hashes that cache alone grows by gigabytes, and without it (the
   * `fontLayoutCache: false` option) every word is laid out anew, seven times slower. Emptied at
   * each page, it still serves the names, actions and dates that repeat down a page.
   */
  private forgetLayouts(): void {
    const font = (this.doc as unknown as { _font?: { layoutCache?: Record<string, unknown> } })._font;
    if (font?.layoutCache) font.layoutCache = Object.create(null) as Record<string, unknown>;
  }

  private tableHeader(): void {
    const { doc } = this;
    doc.fontSize(BODY_SIZE).fillColor('#444444');
    for (const column of Object.values(COLUMNS)) doc.text(column.title, column.x, this.y, { lineBreak: false });
    this.y += ROW_HEIGHT + 2;
    doc
      .moveTo(MARGIN, this.y - 3)
      .lineTo(doc.page.width - MARGIN, this.y - 3)
      .lineWidth(0.5)
      .strokeColor('#999999')
      .stroke();
    doc.fillColor('black');
  }

  private footer(): void {
    const { doc } = this;
    const y = doc.page.height - MARGIN - FOOTER_SPACE / 2 + 8;
    doc.fontSize(7).fillColor('#666666');
    doc.text(`第 ${this.page} 页 · page ${this.page} · 链头 chain head ${this.context.head.seq}`, MARGIN, y, {
      lineBreak: false,
    });
    doc.fillColor('black').fontSize(BODY_SIZE);
  }

  /** The text cut with an ellipsis to fit `width` points at the body size (remembered). */
  private fit(text: string, width: number): string {
    const key = `${width}\u0000${text}`;
    const known = this.fitted.get(key);
    if (known !== undefined) return known;
    let result = text;
    const full = this.doc.widthOfString(text);
    if (full > width) {
      let end = Math.max(1, Math.floor((text.length * width) / full));
      while (end > 1 && this.doc.widthOfString(`${text.slice(0, end)}…`) > width) end -= 1;
      result = `${text.slice(0, end)}…`;
    }
    if (this.fitted.size >= FIT_CACHE_LIMIT) this.fitted.clear();
    this.fitted.set(key, result);
    return result;
  }
}
