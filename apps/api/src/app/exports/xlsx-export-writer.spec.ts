import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { GENESIS_HASH } from '../audit';
import type { ExportContext, ExportEvent } from './audit-export-layout';
import { ExportSink } from './export-sink';
import fc from 'fast-check';
import { hostileText } from '../../../test/hostile-text';
import { encodeCellText } from './xlsx-cell-text';
import { XlsxExportWriter, cellXml, xmlContent } from './xlsx-export-writer';

const context: ExportContext = {
  exportedAt: new Date('2026-11-27T08:00:00Z'),
  exportedBy: 'auditor',
  timeZone: 'Asia/Shanghai',
  filter: {},
  unfiltered: true,
  head: { seq: 0, hash: GENESIS_HASH },
  checkpoint: null,
};

function batch(from: number, count: number): ExportEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    seq: from + i,
    prevHash: GENESIS_HASH,
    hash: GENESIS_HASH,
    // Not a valid chain: this test is about memory, not verification.
    canonical: JSON.stringify({ seq: from + i, noise: randomBytes(400).toString('hex'), summary: '推进重点项目建设' }),
    actorName: '经济发展局负责人',
    departmentName: '经济发展局',
  }));
}

// A full collection before each reading, so the heap figure is what the writer keeps, not garbage a
// busy machine has not collected yet.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

describe('XLSX export writer', () => {
  it('waits for a slow client: what is buffered stays bounded however many rows are written', async () => {
    let received = 0;
    // About 4 MB/s: far slower than exceljs produces XML (random text: it hardly compresses).
    const slowClient = new Writable({
      highWaterMark: 64 * 1024,
      write(chunk: Buffer, _encoding, done) {
        received += chunk.length;
        setTimeout(done, Math.ceil(chunk.length / 4096));
      },
    });
    const writer = new XlsxExportWriter(new ExportSink(slowClient), context, 1);
    await writer.start();
    let peakBuffered = 0;
    let peakHeap = 0;
    collectGarbage();
    const heapBefore = process.memoryUsage().heapUsed;
    const started = Date.now();
    for (let i = 0; i < 16; i++) {
      await writer.write(batch(i * 2000 + 1, 2000));
      peakBuffered = Math.max(peakBuffered, slowClient.writableLength);
      collectGarbage();
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed - heapBefore);
    }
    // 16 batches of about 2.5 MB of XML each (40 MB, 80 MB as strings), at the client's pace: nothing piles
    // up in between.
    expect(received / ((Date.now() - started) / 1000)).toBeLessThan(6_000_000);
    expect(received).toBeGreaterThan(8_000_000);
    // The sink lets the client fall 1 MiB behind, plus the chunk that went past it.
    expect(peakBuffered).toBeLessThanOrEqual(1024 * 1024 + 256 * 1024);
    // What stays after a collection: the compressor's chunks and the batch in hand, never the file.
    expect(peakHeap).toBeLessThan(16 * 1024 * 1024);
    await writer.finish(16_000);
  }, 60_000);

  it('writes a cell as its escaped text, whether or not the text holds anything to escape', () => {
    const awkward = fc.constantFrom('&', '<', '>', '_x', '_x0041_', '\u0001', '\u0085', '\ufffe', '\ud800', '"', '推');
    const text = fc.oneof(
      hostileText(40),
      fc.array(fc.oneof(awkward, fc.string({ maxLength: 4 })), { maxLength: 12 }).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(text, (value) => expect(cellXml(value)).toBe(xmlContent(encodeCellText(value)))),
      {
        numRuns: 3000,
      },
    );
  });
});
