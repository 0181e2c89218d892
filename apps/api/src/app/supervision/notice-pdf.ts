import PDFDocument from 'pdfkit';
import type { NoticeColour, SupervisionNoticeView } from '@zibo/domain';
import { cjkFont } from '../../core/documents/cjk-font';

const COLOUR: Record<NoticeColour, { title: string; ink: string }> = {
  blue: { title: '督办提示单', ink: '#1565c0' },
  yellow: { title: '督办通知单', ink: '#b28704' },
  red: { title: '挂牌督办通知单', ink: '#c62828' },
};

/** One notice as a printable A4 page, in the form of an official notice: title, 文号, addressee, text, deadline. */
export function noticePdf(
  notice: SupervisionNoticeView,
  names: { department: string; issuedOn: string },
): Promise<Buffer> {
  const { title, ink } = COLOUR[notice.colour];
  const doc = new PDFDocument({
    size: 'A4',
    margin: 72,
    info: { Title: `${title} ${notice.number}`, Author: 'zibo-supervision' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', cjkFont());
  doc.font('cjk');
  doc.fillColor(ink).fontSize(24).text(title, { align: 'center' });
  doc.moveDown(0.4).fontSize(12).fillColor('#000000').text(notice.number, { align: 'center' });
  const y = doc.y + 8;
  doc
    .moveTo(72, y)
    .lineTo(doc.page.width - 72, y)
    .lineWidth(1.5)
    .strokeColor(ink)
    .stroke();
  doc.moveDown(1.2).fontSize(14).text(`${names.department}：`);
  doc.moveDown(0.5).fontSize(12).text(`关于「${notice.taskTitle}」`, { indent: 24 });
  doc.moveDown(0.3).text(notice.text, { indent: 24, lineGap: 4 });
  doc.moveDown(0.8).text(`请于 ${notice.respondBy} 前将办理情况书面答复管委会督查室。`, { indent: 24 });
  if (notice.response) {
    doc.moveDown(0.8).fontSize(12).text('答复情况：', { continued: false });
    doc.text(notice.response, { indent: 24 });
  }
  doc.moveDown(2).text('淄博高新区管委会督查室', { align: 'right' });
  doc.text(names.issuedOn, { align: 'right' });
  doc.end();
  return done;
}
