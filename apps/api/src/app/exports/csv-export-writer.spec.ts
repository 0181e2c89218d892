import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { csvRecord } from './csv-export-writer';

// What the export wrote through csv-stringify before it wrote rows itself.
const viaCsvStringify = (cells: string[]) =>
  stringify([cells], { record_delimiter: 'windows', quoted_match: /[\r\n]/ });

const cell = fc.string({
  unit: fc.oneof(
    fc.constantFrom(',', '"', '\r', '\n', '\r\n', "'", '=', '+', '-', '@', '\t', '推', '进', '😀', '\u0000', ' '),
    fc.string({ minLength: 1, maxLength: 1 }),
  ),
  maxLength: 20,
});

describe('CSV rows of the audit export', () => {
  it('are byte for byte what csv-stringify writes, for any cells', () => {
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 8 }), (cells) => {
        expect(csvRecord(cells)).toBe(viaCsvStringify(cells));
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    [['a', 'b'], 'a,b\r\n'],
    [['', ''], ',\r\n'],
    [['say "hi"'], '"say ""hi"""\r\n'],
    [['a,b', 'line\nbreak', 'cr\ronly'], '"a,b","line\nbreak","cr\ronly"\r\n'],
    [["'=1+2"], "'=1+2\r\n"],
    [[], '\r\n'],
  ])('%j → %j', (cells, line) => {
    expect(csvRecord(cells)).toBe(line);
  });
});
