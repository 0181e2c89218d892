import PDFDocument from 'pdfkit';
import { type LedgerTaskView, type LedgerView, RANKING_FORMULA, businessDateOf } from '@zibo/domain';
import { cjkFont } from '../../core/documents/cjk-font';
import {
  businessTimestamp,
  closeOutText,
  complianceText,
  directivesText,
  noticesText,
  ragText,
  receiptText,
  reviewsText,
  statusText,
  urgesText,
} from './ledger-table';

interface PdfColumn {
  title: string;
  width: number;
  text: (task: LedgerTaskView, zone: string) => string;
}

// A4 landscape, 36 pt margins: 770 pt of table width.
const COLUMNS: PdfColumn[] = [
  { title: '任务', width: 120, text: (t) => `${t.title}\n${t.workItemCode} · ${statusText(t.status)}` },
  { title: '职责', width: 30, text: (t) => (t.role === 'lead' ? '牵头' : '配合') },
  {
    title: '牵头 / 配合单位',
    width: 80,
    text: (t) => [t.leadDepartment.name, ...t.coDepartments.map((d) => d.name)].join('\n'),
  },
  { title: '完成时限', width: 56, text: (t) => t.dueDate },
  {
    title: '节点到期/完成',
    width: 46,
    text: (t) => `${t.milestones.plannedByPeriodEnd} / ${t.milestones.doneByPeriodEnd}`,
  },
  {
    title: '报送情况',
    width: 80,
    text: (t, zone) =>
      [complianceText(t), businessTimestamp(t.report?.firstSubmittedAt ?? null, zone).replace('T', ' ')]
        .filter(Boolean)
        .join('\n'),
  },
  { title: '审核记录', width: 130, text: (t) => reviewsText(t).replace(/；/g, '\n') || '—' },
  {
    title: '签收 / 催办 / 督办单 / 批示 / 销号',
    width: 118,
    text: (t, zone) =>
      [
        receiptText(t, zone),
        ...urgesText(t, zone)
          .split('；')
          .filter(Boolean)
          .map((u) => `催办 ${u}`),
        ...noticesText(t).split('；').filter(Boolean),
        ...directivesText(t, zone)
          .split('；')
          .filter(Boolean)
          .map((d) => `批示 ${d}`),
        closeOutText(t, zone),
      ]
        .filter(Boolean)
        .join('\n'),
  },
  { title: '期末灯', width: 36, text: (t) => ragText(t) },
  { title: '超期天数', width: 38, text: (t) => String(t.atClose.overdueDays) },
  { title: '得分', width: 36, text: (t) => (t.score === null ? '—' : String(t.score)) },
];
const PADDING = 3;
const CELL_SIZE = 7.5;

/**
 * The ledger as a PDF for reading and printing: A4 landscape, per department a table of its tasks,
 * and on the first page the audit chain head it was computed at (and on every page's footer).
 */
export function ledgerPdf(view: LedgerView, zone: string): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 36,
    bufferPages: true,
    info: { Title: `督办台账 ${view.period}`, Author: 'zibo-supervision', CreationDate: new Date(view.generatedAt) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.registerFont('cjk', cjkFont());
  doc.font('cjk');
  const left = doc.page.margins.left;
  const bottom = () => doc.page.height - doc.page.margins.bottom;

  doc.fontSize(16).text(`督办台账\u3000${view.period}`, { align: 'left' });
  doc.moveDown(0.3);
  doc
    .fontSize(9)
    .fillColor('#333333')
    .text(
      // The deadline is 00:00 after the due day: people say "due 5 May, 24:00".
      `报送截止：${businessDateOf(new Date(Date.parse(view.deadline) - 1), zone)} 24:00（${view.closed ? '已截止' : '未截止，按当前情况'}）` +
        `\u3000生成时间：${businessTimestamp(view.generatedAt, zone).replace('T', ' ')}`,
    )
    .text(
      view.chainHead
        ? `审计链头：序号 ${view.chainHead.seq}\u3000哈希 ${view.chainHead.hash}`
        : '审计链头：（审计日志为空）',
    )
    .text(`得分公式 ${RANKING_FORMULA.version}：${RANKING_FORMULA.description}`, { width: 770 })
    .fillColor('black');

  const header = () => {
    const y = doc.y;
    doc.fontSize(CELL_SIZE);
    const height =
      Math.max(...COLUMNS.map((c) => doc.heightOfString(c.title, { width: c.width - 2 * PADDING }))) + 2 * PADDING;
    let x = left;
    for (const column of COLUMNS) {
      doc.rect(x, y, column.width, height).fillAndStroke('#e8eef5', '#8899aa');
      doc.fillColor('black').text(column.title, x + PADDING, y + PADDING, { width: column.width - 2 * PADDING });
      x += column.width;
    }
    doc.x = left;
    doc.y = y + height;
  };

  for (const department of view.departments) {
    if (doc.y + 60 > bottom()) doc.addPage();
    doc.moveDown(0.8);
    doc
      .fontSize(11)
      .fillColor('black')
      .text(`${department.name}（${department.code}）\u3000${department.tasks.length} 项任务`, left);
    doc.moveDown(0.3);
    if (!department.tasks.length) {
      doc.fontSize(9).fillColor('#666666').text('本期无牵头或配合任务。', left).fillColor('black');
      continue;
    }
    header();
    for (const task of department.tasks) {
      doc.fontSize(CELL_SIZE);
      const texts = COLUMNS.map((c) => c.text(task, zone));
      const height =
        Math.max(...texts.map((t, i) => doc.heightOfString(t, { width: (COLUMNS[i]?.width ?? 0) - 2 * PADDING }))) +
        2 * PADDING;
      if (doc.y + height > bottom()) {
        doc.addPage();
        header();
      }
      const y = doc.y;
      let x = left;
      texts.forEach((text, i) => {
        const width = COLUMNS[i]?.width ?? 0;
        doc.rect(x, y, width, height).stroke('#8899aa');
        const red = COLUMNS[i]?.title === '期末灯' && task.atClose.rag === 'red';
        doc
          .fillColor(red ? '#c62828' : 'black')
          .text(text, x + PADDING, y + PADDING, { width: width - 2 * PADDING, lineBreak: true });
        x += width;
      });
      doc.fillColor('black');
      doc.x = left;
      doc.y = y + height;
    }
  }

  // Footer on every page: page numbers and the chain head the file was computed at.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const margin = doc.page.margins.bottom;
    // Writing inside the bottom margin would otherwise start a new page.
    doc.page.margins.bottom = 0;
    doc
      .fontSize(7)
      .fillColor('#666666')
      .text(
        `督办台账 ${view.period}\u3000审计链头 ${view.chainHead ? `${view.chainHead.seq} / ${view.chainHead.hash.slice(0, 16)}…` : '—'}` +
          `\u3000第 ${i + 1 - range.start} / ${range.count} 页`,
        left,
        doc.page.height - margin + 12,
        { width: 770, align: 'center', lineBreak: false },
      );
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return done;
}
