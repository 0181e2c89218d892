import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { BulletinDocument, BulletinSection } from './bulletin-document';

// GB/T 9704 (党政机关公文格式): A4, top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; body 三号 仿宋,
// level-one headings 三号 黑体, title 二号 小标宋. Sizes in half-points, margins in twentieths of a point.
const MM = 56.7;
const RED = 'C8161D';
const BODY = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '仿宋_GB2312' };
const HEADING = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '黑体' };
const TITLE = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '方正小标宋简体' };
const SIZE = { masthead: 64, title: 44, body: 32, table: 24, footer: 28 };

const body = (
  text: string,
  options: { indent?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {},
) =>
  new Paragraph({
    alignment: options.align ?? AlignmentType.JUSTIFIED,
    spacing: { line: 560, lineRule: 'exact' },
    ...(options.indent === false ? {} : { indent: { firstLine: 2 * SIZE.body * 10 } }),
    children: [new TextRun({ text, font: BODY, size: SIZE.body })],
  });

function table(spec: NonNullable<BulletinSection['table']>): Table {
  const total = spec.columns.reduce((sum, c) => sum + c.width, 0);
  const cell = (text: string, i: number, header: boolean) =>
    new TableCell({
      width: { size: Math.round(((spec.columns[i]?.width ?? 1) / total) * 100), type: WidthType.PERCENTAGE },
      ...(header ? { shading: { type: ShadingType.CLEAR, fill: 'F3E5E5', color: 'auto' } } : {}),
      children: [
        new Paragraph({
          alignment:
            (spec.columns[i]?.align ?? (i === 0 ? 'left' : 'center')) === 'left'
              ? AlignmentType.LEFT
              : AlignmentType.CENTER,
          children: [new TextRun({ text, font: header ? HEADING : BODY, size: SIZE.table })],
        }),
      ],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: spec.columns.map((c, i) => cell(c.label, i, true)) }),
      ...spec.rows.map((cells) => new TableRow({ children: cells.map((text, i) => cell(text, i, false)) })),
    ],
  });
}

/** The bulletin as a Word document laid out like an official bulletin (the same words as the PDF). */
export function bulletinDocx(document: BulletinDocument): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ text: document.masthead, font: TITLE, size: SIZE.masthead, color: RED })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 240, after: 120 },
      border: { bottom: { color: RED, space: 4, style: BorderStyle.SINGLE, size: 18 } },
      children: [new TextRun({ text: document.number, font: BODY, size: SIZE.body })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 480, after: 360 },
      children: [new TextRun({ text: document.title, font: TITLE, size: SIZE.title })],
    }),
    body(document.addressees, { indent: false }),
  ];
  for (const section of document.sections) {
    children.push(
      new Paragraph({
        spacing: { before: 240, line: 560, lineRule: 'exact' },
        indent: { firstLine: 2 * SIZE.body * 10 },
        children: [new TextRun({ text: section.heading, font: HEADING, size: SIZE.body })],
      }),
      ...section.paragraphs.map((p) => body(p)),
    );
    if (section.table) children.push(table(section.table));
  }
  children.push(
    new Paragraph({ spacing: { before: 720 }, children: [] }),
    body(document.signature, { indent: false, align: AlignmentType.RIGHT }),
    body(document.issuedOn, { indent: false, align: AlignmentType.RIGHT }),
  );
  const doc = new Document({
    creator: 'zibo-supervision',
    title: `${document.title} ${document.number}`,
    styles: { default: { document: { run: { font: BODY, size: SIZE.body } } } },
    sections: [
      {
        properties: {
          page: {
            margin: {
              top: Math.round(37 * MM),
              bottom: Math.round(35 * MM),
              left: Math.round(28 * MM),
              right: Math.round(26 * MM),
            },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: BODY, size: SIZE.footer })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
