import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { CsvRecordParser, CsvSyntaxError, csvRecords } from './csv-record-parser';

/** Feeds `text` in chunks of `size` characters and collects every record. */
function parse(text: string, size = text.length || 1): string[][] {
  const parser = new CsvRecordParser();
  const records: string[][] = [];
  for (let i = 0; i < text.length; i += size) records.push(...parser.push(text.slice(i, i + size)));
  records.push(...parser.end());
  return records;
}

describe('CSV record parser (RFC 4180)', () => {
  it.each([
    [
      'plain fields, CRLF',
      'a,b,c\r\n1,2,3\r\n',
      [
        ['a', 'b', 'c'],
        ['1', '2', '3'],
      ],
    ],
    [
      'LF line ends and no final line break',
      'a,b\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    ['a lone CR ends a record', 'a\rb\r', [['a'], ['b']]],
    ['empty fields and an empty line', ',a,\r\n\r\n#meta,k,v\r\n', [['', 'a', ''], [''], ['#meta', 'k', 'v']]],
    ['quoted comma, quote and line breaks', '"a,b","say ""hi""","x\r\ny\nz"\r\n', [['a,b', 'say "hi"', 'x\r\ny\nz']]],
    ['JSON with quotes', '"{""seq"":1,""a"":""审计""}",1\r\n', [['{"seq":1,"a":"审计"}', '1']]],
    ['spaces are kept', ' a , b \r\n', [[' a ', ' b ']]],
    ['an empty quoted field', '"",x\r\n', [['', 'x']]],
  ])('reads %s', (_name, text, expected) => {
    expect(parse(text)).toEqual(expected);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    const text = '"{""k"":""v,\r\n""}",b\r\n"x""",\r\n\r\n#meta,rows,2\r\n';
    const whole = parse(text);
    for (let size = 1; size <= 7; size++) expect(parse(text, size)).toEqual(whole);
  });

  it('reads back what csv-stringify wrote, in chunks of any size', () => {
    const field = fc.string({ unit: fc.constantFrom('a', '审', '"', '""', ',', '\r', '\n', '\r\n', ' ') });
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 40 }),
        (records, size) => {
          const text = stringify(records, { record_delimiter: 'windows', quoted_match: /[\r\n]/ });
          expect(parse(text, size)).toEqual(records);
        },
      ),
      { numRuns: 500 },
    );
  });

  it.each([
    ['a quote inside an unquoted field', 'ab"c,d\r\n', 'a quote inside an unquoted field'],
    ['text after a closing quote', '"ab"c,d\r\n', 'text after the closing quote'],
    ['a file ending inside quotes', '"abc', 'ends inside a quoted field'],
  ])('refuses %s', (_name, text, message) => {
    expect(() => parse(text)).toThrow(CsvSyntaxError);
    expect(() => parse(text)).toThrow(message);
  });

  it('skips the byte-order mark and decodes UTF-8 split across chunks', async () => {
    const bytes = Buffer.from('\uFEFF审计,日志\r\n', 'utf8');
    async function* oneByteAtATime() {
      for (const byte of bytes) yield Buffer.from([byte]);
    }
    const records: string[][] = [];
    for await (const record of csvRecords(oneByteAtATime())) records.push(record);
    expect(records).toEqual([['审计', '日志']]);
  });
});
