import PDFDocument from 'pdfkit';
import { cjkFont } from '../../core/documents/cjk-font';
import type { BulletinDocument, BulletinSection } from './bulletin-document';

const RED = '#c8161d';
const MARGIN = 72;
const BODY = 12;
const CELL = 10.5;
const PADDING = 4;

/**
 * The bulletin as a printable A4 document in the form of an official bulletin: the red masthead
 * and rule, 文号, title, addressees, numbered sections (tables where there are figures), the
 * issuing office and date; page numbers in the footer, and a grey 草稿 mark on a draft.
 */
export function bulletinPdf(document: BulletinDocument): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: `${document.title} ${document.number}`, Author: 'zibo-supervision' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', cjkFont());
  doc.font('cjk');
  const width = doc.page.width - 2 * MARGIN;

  // 版头: red masthead, the 文号 and a red rule across the type area.
  doc.fillColor(RED).fontSize(30).text(document.masthead, { align: 'center', characterSpacing: 4 });
  doc.moveDown(0.5).fillColor('#000000').fontSize(BODY).text(document.number, { align: 'center' });
  const rule = doc.y + 6;
  doc
    .moveTo(MARGIN, rule)
    .lineTo(MARGIN + width, rule)
    .lineWidth(2)
    .strokeColor(RED)
    .stroke();
  doc.y = rule + 18;
  doc.fontSize(20).text(document.title, MARGIN, doc.y, { align: 'center', width });
  doc.moveDown(0.8).fontSize(BODY).text(document.addressees, MARGIN, doc.y, { width });
  doc.moveDown(0.3);

  for (const section of document.sections) renderSection(doc, section, width);

  doc.moveDown(2);
  ensureRoom(doc, 3 * BODY * 1.6);
  // 落款: the issuing office, and the date under it, kept two characters in from the right margin.
  const signatureWidth = width - 2 * BODY;
  doc.fontSize(BODY).text(document.signature, MARGIN, doc.y, { align: 'right', width: signatureWidth });
  doc.text(document.issuedOn, MARGIN, doc.y, { align: 'right', width: signatureWidth });

  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .fontSize(9)
      .fillColor('#555555')
      .text(`— ${i + 1} / ${range.count} —`, MARGIN, doc.page.height - 44, {
        align: 'center',
        width,
        lineBreak: false,
      });
    if (document.draft) {
      doc
        .save()
        .rotate(-30, { origin: [doc.page.width / 2, doc.page.height / 2] })
        .fontSize(96)
        .fillColor('#000000')
        .fillOpacity(0.07)
        .text('草稿', 0, doc.page.height / 2 - 60, { align: 'center', width: doc.page.width, lineBreak: false })
        .restore();
    }
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

function ensureRoom(doc: PDFKit.PDFDocument, height: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

function renderSection(doc: PDFKit.PDFDocument, section: BulletinSection, width: number): void {
  doc.moveDown(0.8);
  ensureRoom(doc, 4 * BODY * 1.6);
  doc.fillColor('#000000').fontSize(14).text(section.heading, MARGIN, doc.y, { width });
  doc.moveDown(0.3).fontSize(BODY);
  for (const paragraph of section.paragraphs) {
    doc.text(paragraph, MARGIN, doc.y, { width, indent: 2 * BODY, lineGap: 4 });
    doc.moveDown(0.2);
  }
  if (section.table) renderTable(doc, section.table, width);
}

function renderTable(doc: PDFKit.PDFDocument, table: NonNullable<BulletinSection['table']>, width: number): void {
  const total = table.columns.reduce((sum, c) => sum + c.width, 0);
  const widths = table.columns.map((c) => (c.width / total) * width);
  doc.moveDown(0.3).fontSize(CELL);
  const row = (cells: string[], header: boolean) => {
    const heights = cells.map((text, i) => doc.heightOfString(text, { width: (widths[i] ?? 0) - 2 * PADDING }));
    const height = Math.max(...heights) + 2 * PADDING;
    ensureRoom(doc, height);
    const top = doc.y;
    let x = MARGIN;
    cells.forEach((text, i) => {
      const w = widths[i] ?? 0;
      const align = table.columns[i]?.align ?? (i === 0 ? 'left' : 'center');
      if (header) doc.rect(x, top, w, height).fillColor('#f3e5e5').fill();
      doc.rect(x, top, w, height).lineWidth(0.5).strokeColor('#888888').stroke();
      doc.fillColor('#000000').text(text, x + PADDING, top + PADDING, { width: w - 2 * PADDING, align });
      x += w;
    });
    doc.x = MARGIN;
    doc.y = top + height;
  };
  row(
    table.columns.map((c) => c.label),
    true,
  );
  for (const cells of table.rows) row(cells, false);
  doc.moveDown(0.3).fontSize(BODY);
}
