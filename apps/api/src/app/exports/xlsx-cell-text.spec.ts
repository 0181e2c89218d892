import fc from 'fast-check';
import { hostileText } from '../../../test/hostile-text';
import { decodeCellText, encodeCellText } from './xlsx-cell-text';

// What XML 1.0 can carry and exceljs keeps: tab, LF and printable characters, no lone surrogate.
const KEPT_BY_SPREADSHEETS =
  /^(?:[\t\n\u0020-\u007E\u00A0-\uD7FF\uE000-\uFDCF\uFDF0-\uFFFD]|[\uD800-\uDBFF][\uDC00-\uDFFF])*$/;

describe('XLSX cell text (OOXML _xHHHH_ escape)', () => {
  it.each([
    ['plain text', '经济发展局 report', '经济发展局 report'],
    ['DEL', 'a\u007Fb', 'a_x007F_b'],
    ['a C0 control and a carriage return', '\u0001\r', '_x0001__x000D_'],
    ['tab and line feed (kept)', '\t\n', '\t\n'],
    ['a C1 control', '\u0085', '_x0085_'],
    ['U+FFFE and U+FFFF', '\uFFFE\uFFFF', '_xFFFE__xFFFF_'],
    ['a supplementary non-character (a pair)', '\uD83F\uDFFF', '_xD83F__xDFFF_'],
    ['a supplementary character (kept)', '𠀀', '𠀀'],
    ['lone surrogates', '\uDC00x\uD800', '_xDC00_x_xD800_'],
    ['a literal escape', '_x0041_', '_x005F_x0041_'],
    ['a literal _x before an escape', '_xABCD\uFFFF', '_x005F_xABCD_xFFFF_'],
    ['an underscore not before x (kept)', 'a_b _X0041_', 'a_b _X0041_'],
  ])('writes %s reversibly', (_, text, cell) => {
    expect(encodeCellText(text)).toBe(cell);
    expect(decodeCellText(cell)).toBe(text);
  });

  it('decodes what Excel writes (lowercase hex too)', () => {
    expect(decodeCellText('_x000d__x005F_x0041_')).toBe('\r_x0041_');
  });

  it('gives back any text exactly, and writes only what a spreadsheet keeps', () => {
    fc.assert(
      fc.property(hostileText(60), (text) => {
        const cell = encodeCellText(text);
        expect(cell).toMatch(KEPT_BY_SPREADSHEETS);
        expect(decodeCellText(cell)).toBe(text);
      }),
      { seed: 20211, numRuns: 2_000 },
    );
  });
});
