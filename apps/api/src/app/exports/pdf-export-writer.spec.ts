import { PassThrough } from 'node:stream';
import { GENESIS_HASH, canonicalText } from '../audit';
import type { ExportContext, ExportEvent } from './audit-export-layout';
import { ExportSink } from './export-sink';
import { PdfExportWriter } from './pdf-export-writer';

const context: ExportContext = {
  exportedAt: new Date('2026-11-27T08:00:00Z'),
  exportedBy: 'auditor',
  timeZone: 'Asia/Shanghai',
  filter: { entityType: 'task' },
  unfiltered: false,
  head: { seq: 3000, hash: 'a'.repeat(64) },
  checkpoint: null,
};

const events: ExportEvent[] = Array.from({ length: 3000 }, (_, i) => ({
  seq: i + 1,
  prevHash: GENESIS_HASH,
  hash: `${String(i).padStart(8, '0')}${'b'.repeat(56)}`,
  canonical: canonicalText({
    seq: i + 1,
    at: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
    actorId: null,
    actorRole: 'dept_head',
    departmentId: null,
    action: 'report.submit',
    entityType: 'task',
    entityId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    before: null,
    after: null,
    requestId: null,
    ip: null,
    sha256: null,
  }),
  actorName: '经济发展局负责人',
  departmentName: null,
}));

describe('PDF export writer', () => {
  it('writes pages with the Chinese font embedded, forgetting word layouts page by page', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    const writer = new PdfExportWriter(new ExportSink(out), context);
    await writer.start();
    for (let i = 0; i < events.length; i += 1000) await writer.write(events.slice(i, i + 1000));
    // pdfkit would otherwise keep the layout of every distinct word (times, ids, hashes) to the end.
    const font = (writer as unknown as { doc: { _font: { layoutCache: Record<string, unknown> } } }).doc._font;
    expect(Object.keys(font.layoutCache).length).toBeLessThan(1000);
    await writer.finish(events.length);
    const pdf = Buffer.concat(chunks).toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect(pdf.match(/\/Type \/Page\b/g)?.length).toBeGreaterThan(3000 / 70);
    expect(pdf).toContain('/FontFile');
  });
});
