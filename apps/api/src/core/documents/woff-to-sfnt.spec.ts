import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { woffToSfnt } from './woff-to-sfnt';

const WOFF = join(
  __dirname,
  '../../../../../node_modules/@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff',
);

describe('WOFF to OpenType', () => {
  it('gives the same font: same glyph widths for Chinese and Latin text', () => {
    const woff = readFileSync(WOFF);
    const sfnt = woffToSfnt(woff);
    expect(sfnt.readUInt32BE(0)).toBe(woff.readUInt32BE(4));
    const doc = new PDFDocument();
    doc.registerFont('woff', woff).registerFont('sfnt', sfnt);
    for (const text of ['审计日志导出', 'Audit log export 0123456789', '经济发展局 张三']) {
      const fromWoff = doc.font('woff').fontSize(10).widthOfString(text);
      expect(doc.font('sfnt').fontSize(10).widthOfString(text)).toBe(fromWoff);
      expect(fromWoff).toBeGreaterThan(0);
    }
  });

  it('refuses what is not a WOFF', () => {
    expect(() => woffToSfnt(Buffer.from('not a font at all, but long enough to have a header here'))).toThrow('WOFF');
  });
});
