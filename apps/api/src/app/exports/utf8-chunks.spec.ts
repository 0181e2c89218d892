import fc from 'fast-check';
import { hostileText } from '../../../test/hostile-text';
import { Utf8Chunks } from './utf8-chunks';

const quotey = fc
  .array(fc.oneof(fc.constantFrom('"', '""', ',', '\r\n', '推进', '😀', '\ud800'), hostileText(8)), { maxLength: 12 })
  .map((parts) => parts.join(''));

describe('UTF-8 chunks of an export', () => {
  it('hold exactly the bytes of the texts and quoted fields written, across chunks of any size', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.oneof(hostileText(40), quotey)), { maxLength: 20 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 200 }),
        (pieces, size, takeAt) => {
          const chunks = new Utf8Chunks(size);
          const taken: Buffer[] = [];
          // Each piece is encoded on its own (a surrogate pair split across two pieces is two U+FFFD).
          const expected: Buffer[] = [];
          for (const [asField, text] of pieces) {
            if (asField) chunks.quoted(text);
            else chunks.text(text);
            expected.push(Buffer.from(asField ? `"${text.replaceAll('"', '""')}"` : text, 'utf8'));
            if (chunks.length >= takeAt) taken.push(Buffer.from(chunks.take()));
          }
          taken.push(chunks.take());
          expect(Buffer.concat(taken).equals(Buffer.concat(expected))).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('doubles every quote of a long canonical text, beyond the chunk size', () => {
    const text = `{"a":"${'"推'.repeat(50_000)}"}`;
    const chunks = new Utf8Chunks(1024);
    chunks.quoted(text);
    expect(chunks.take().toString('utf8')).toBe(`"${text.replaceAll('"', '""')}"`);
    expect(chunks.length).toBe(0);
  });

  it('leaves a taken chunk as it was when more is written', () => {
    const chunks = new Utf8Chunks(16);
    chunks.text('first');
    const first = chunks.take();
    chunks.quoted('"second"');
    expect(first.toString()).toBe('first');
    expect(chunks.take().toString()).toBe('"""second"""');
  });
});
