import { generateKeyPairSync } from 'node:crypto';
import { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { exportChain, exportContextOf } from '../../../test/export-fixtures';
import { storableHostileText } from '../../../test/hostile-text';
import { CheckpointSigner } from '../audit';
import { CHAIN_COLUMNS, READABLE_COLUMNS, metadataRows, readableCells } from './audit-export-layout';
import { CsvExportWriter, csvField, csvRecord } from './csv-export-writer';
import { ExportSink } from './export-sink';
import { ZonedTimeFormat } from './zoned-time-format';

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

  it('make an export file byte for byte the text of its records, whatever the events hold', async () => {
    const signer = new CheckpointSigner(
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(storableHostileText(30), storableHostileText(30)), { minLength: 1, maxLength: 6 }),
        async (texts) => {
          const events = exportChain(texts.length, (record) => {
            const [entityId = '', value = ''] = texts[record.seq - 1] ?? [];
            record.entityId = entityId;
            record.after = { text: value, [value]: `"${entityId}"` };
          }).map((event, i) => ({ ...event, actorName: texts[i]?.[1] ?? null }));
          const context = exportContextOf(events, null, signer);
          const chunks: Buffer[] = [];
          const sink = new ExportSink(
            new Writable({
              write(chunk: Buffer, _encoding, done) {
                chunks.push(chunk);
                done();
              },
            }),
          );
          const writer = new CsvExportWriter(sink, context);
          await writer.start();
          await writer.write(events);
          await writer.finish(events.length);
          const time = new ZonedTimeFormat(context.timeZone);
          const expected =
            `\uFEFF${csvRecord([...CHAIN_COLUMNS, ...READABLE_COLUMNS])}` +
            events
              .map(
                (e) => `${e.seq},${e.prevHash},${e.hash},${csvField(e.canonical)},${csvRecord(readableCells(e, time))}`,
              )
              .join('') +
            '\r\n' +
            metadataRows(context, events.length).map(csvRecord).join('');
          expect(Buffer.concat(chunks).toString('utf8')).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
