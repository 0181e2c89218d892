import JSZip from 'jszip';
import { ZipStreamWriter } from './zip-stream-writer';

describe('ZipStreamWriter', () => {
  it('writes entries streamed by chunks and whole that an unzipper reads back', async () => {
    const chunks: Buffer[] = [];
    const zip = new ZipStreamWriter(async (chunk) => {
      chunks.push(chunk);
    }, new Date('2026-12-03T08:00:00Z'));
    await zip.begin('sheet1.xml');
    await zip.write('<row>一</row>');
    await zip.write(Buffer.from('<row>two</row>'));
    expect(zip.entrySize).toBe(Buffer.byteLength('<row>一</row><row>two</row>'));
    await zip.end();
    expect(zip.entrySize).toBe(0);
    await zip.add('meta.xml', 'hello');
    await zip.finish();

    const read = await JSZip.loadAsync(Buffer.concat(chunks));
    expect(Object.keys(read.files)).toEqual(['sheet1.xml', 'meta.xml']);
    expect(await read.file('sheet1.xml')?.async('string')).toBe('<row>一</row><row>two</row>');
    expect(await read.file('meta.xml')?.async('string')).toBe('hello');
  });

  it('reports a failing reader instead of waiting for it forever', async () => {
    const zip = new ZipStreamWriter(async () => {
      throw new Error('client gone');
    }, new Date());
    await zip.begin('sheet1.xml');
    const big = 'x'.repeat(1024 * 1024);
    await expect(
      (async () => {
        for (let i = 0; i < 64; i++) await zip.write(big);
        await zip.finish();
      })(),
    ).rejects.toThrow('client gone');
  });
});
