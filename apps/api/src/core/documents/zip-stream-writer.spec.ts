import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import JSZip from 'jszip';
import { ZipFileReader } from './zip-file-reader';
import { type Zip64Limits, ZipStreamWriter } from './zip-stream-writer';

const run = promisify(execFile);
const MODIFIED = new Date('2026-12-03T08:00:01Z');

interface Written {
  name: string;
  /** Written by chunks (begin/write/end), or whole by add() when `whole`. */
  chunks: (string | Buffer)[];
  whole?: boolean;
}

function bytesOf(entry: Written): Buffer {
  return Buffer.concat(entry.chunks.map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk)));
}

async function zipOf(entries: readonly Written[], limits?: Zip64Limits): Promise<{ zip: Buffer; outputs: Buffer[] }> {
  const outputs: Buffer[] = [];
  const writer = new ZipStreamWriter(
    async (chunk) => {
      outputs.push(chunk);
    },
    MODIFIED,
    limits,
  );
  for (const entry of entries) {
    if (entry.whole) {
      await writer.add(entry.name, entry.chunks.join(''));
      continue;
    }
    await writer.begin(entry.name);
    for (const chunk of entry.chunks) await writer.write(chunk);
    await writer.end();
  }
  await writer.finish();
  return { zip: Buffer.concat(outputs), outputs };
}

/** Names, sizes and SHA-256 of entries' bytes: compared instead of the bytes, which jest compares slowly. */
function digests(entries: ReadonlyMap<string, Buffer>): [string, number, string][] {
  return [...entries].map(([name, bytes]) => [name, bytes.length, createHash('sha256').update(bytes).digest('hex')]);
}

/** Every entry as our reader reads it (sizes and CRC-32 checked against the directory). */
async function readByOurs(path: string): Promise<Map<string, Buffer>> {
  const reader = await ZipFileReader.open(path);
  const read = new Map<string, Buffer>();
  for (const entry of reader.entries.values()) {
    const chunks: Buffer[] = [];
    for await (const chunk of reader.read(entry)) chunks.push(chunk);
    read.set(entry.name, Buffer.concat(chunks));
  }
  return read;
}

async function readByJsZip(zip: Buffer): Promise<Map<string, Buffer>> {
  const archive = await JSZip.loadAsync(zip, { checkCRC32: true });
  const read = new Map<string, Buffer>();
  for (const name of Object.keys(archive.files)) {
    read.set(name, Buffer.from((await archive.file(name)?.async('uint8array')) ?? []));
  }
  return read;
}

// Info-ZIP's unzip and zipinfo (/usr/bin); a warning (exit code 1) fails the test too.
const UTF8 = { env: { ...process.env, LC_ALL: 'C.UTF-8' } };
const unzipTest = async (path: string) => (await run('unzip', ['-t', path], UTF8)).stdout;
const zipinfo = async (...args: string[]) => (await run('zipinfo', args, UTF8)).stdout;

describe('ZipStreamWriter', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zibo-zip-writer-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

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

  it('writes a file that unzip, zipinfo, JSZip and our reader read alike: names (Chinese too), contents, CRCs', async () => {
    const row = (r: number) => `<row r="${r}"><c><v>督查督办 ${r}</v></c></row>`;
    const sheet = Array.from({ length: 200 }, (_, c) =>
      Array.from({ length: 100 }, (_, r) => row(c * 100 + r)).join(''),
    );
    const entries: Written[] = [
      { name: 'xl/worksheets/sheet1.xml', chunks: sheet },
      { name: '督查/任务清单.xml', chunks: ['<x>淄博高新区</x>'], whole: true },
      { name: 'random.bin', chunks: [randomBytes(200_000), randomBytes(1), randomBytes(70_000)] },
      { name: 'empty', chunks: [] },
    ];
    const { zip, outputs } = await zipOf(entries);
    const path = join(dir, 'plain.zip');
    await writeFile(path, zip);

    const tested = await unzipTest(path);
    expect(tested).toContain('No errors detected in compressed data');
    for (const { name } of entries) expect(tested).toContain(`testing: ${name}`);
    expect((await zipinfo('-1', path)).trim().split('\n')).toEqual(entries.map((e) => e.name));
    // Deflated, a regular file rw-r--r--, the UTC time (DOS time has 2-second steps); no ZIP64 here.
    const verbose = await zipinfo('-v', path);
    expect(verbose).toContain('file last modified on (DOS date/time):          2026 Dec 3 08:00:00');
    expect(verbose).not.toContain('64-bit');
    expect(verbose).not.toContain('software version required to extract:   4.5');
    expect((await zipinfo(path)).split('\n').filter((line) => line.startsWith('-rw-r--r--'))).toHaveLength(4);

    const reader = await ZipFileReader.open(path);
    for (const entry of entries) {
      const bytes = bytesOf(entry);
      expect(reader.entries.get(entry.name)).toMatchObject({ method: 8, size: bytes.length, crc32: crc32(bytes) });
    }
    const expected = new Map(entries.map((entry) => [entry.name, bytesOf(entry)]));
    expect(digests(await readByOurs(path))).toEqual(digests(expected));
    expect(digests(await readByJsZip(zip))).toEqual(digests(expected));
    // Records and deflate blocks are gathered: every buffer but the last holds 64 KiB or more.
    expect(outputs.slice(0, -1).filter((output) => output.length < 64 * 1024)).toEqual([]);
    expect(outputs.length).toBeLessThanOrEqual(Math.ceil(zip.length / (64 * 1024)));
  }, 30_000);

  it('writes the ZIP64 records (lowered limits) that unzip, JSZip and our reader follow', async () => {
    const entries: Written[] = [
      { name: 'first.xml', chunks: ['<a>first</a>'] },
      { name: '第二.xml', chunks: ['<a>第二</a>'.repeat(1000)] },
      { name: 'third.bin', chunks: [randomBytes(100_000)] },
    ];
    // Offsets and the directory from 64 bytes on, and any count from 2, are "past the 32-bit limit".
    const { zip } = await zipOf(entries, { bytes: 64, entries: 2 });
    const path = join(dir, 'zip64.zip');
    await writeFile(path, zip);

    // The end record points into the ZIP64 record for every count, size and offset.
    const end = zip.subarray(zip.length - 22);
    expect(end.readUInt32LE(0)).toBe(0x06054b50);
    expect([end.readUInt16LE(8), end.readUInt16LE(10), end.readUInt32LE(12), end.readUInt32LE(16)]).toEqual([
      0xffff, 0xffff, 0xffff_ffff, 0xffff_ffff,
    ]);
    const locator = zip.subarray(zip.length - 42, zip.length - 22);
    expect(locator.readUInt32LE(0)).toBe(0x07064b50);
    const recordAt = Number(locator.readBigUInt64LE(8));
    expect(recordAt).toBe(zip.length - 42 - 56);
    expect(zip.readUInt32LE(recordAt)).toBe(0x06064b50);
    expect(zip.readBigUInt64LE(recordAt + 32)).toBe(3n);

    const verbose = await zipinfo('-v', path);
    // The first entry starts at 0 (no ZIP64 field); the two after it have their offsets in one.
    expect(verbose.match(/PKWARE 64-bit sizes/g)).toHaveLength(2);
    expect(verbose.match(/minimum software version required to extract: {3}4\.5/g)).toHaveLength(2);
    expect(verbose.match(/minimum software version required to extract: {3}2\.0/g)).toHaveLength(1);
    expect(await unzipTest(path)).toContain('No errors detected in compressed data');

    const expected = new Map(entries.map((entry) => [entry.name, bytesOf(entry)]));
    expect(digests(await readByOurs(path))).toEqual(digests(expected));
    expect(digests(await readByJsZip(zip))).toEqual(digests(expected));
  }, 30_000);

  it('writes the ZIP64 end records for the entry count alone', async () => {
    const entries: Written[] = [
      { name: 'a', chunks: ['1'] },
      { name: 'b', chunks: ['2'] },
    ];
    const { zip } = await zipOf(entries, { bytes: 0xffff_ffff, entries: 2 });
    const path = join(dir, 'count64.zip');
    await writeFile(path, zip);
    expect(zip.readUInt32LE(zip.length - 42)).toBe(0x07064b50);
    expect(await zipinfo('-v', path)).not.toContain('64-bit sizes');
    expect(await unzipTest(path)).toContain('No errors detected in compressed data');
    expect(digests(await readByOurs(path))).toEqual(digests(new Map(entries.map((e) => [e.name, bytesOf(e)]))));
  });

  it('holds writes back while the output is behind', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const outputs: Buffer[] = [];
    const zip = new ZipStreamWriter(async (chunk) => {
      outputs.push(chunk);
      await gate;
    }, MODIFIED);
    await zip.begin('random.bin');
    const data = Array.from({ length: 32 }, () => randomBytes(64 * 1024));
    let written = 0;
    const writing = (async () => {
      for (const chunk of data) {
        await zip.write(chunk);
        written += 1;
      }
      await zip.finish();
    })();
    const pause = () => new Promise((resolve) => setTimeout(resolve, 50));
    // Incompressible data: the first 64 KiB of compressed data reach the output, which does not return.
    while (outputs.length === 0) await pause();
    for (let i = 0; i < 10; i++) await pause();
    expect(outputs).toHaveLength(1);
    // What the compressor may hold unread (512 KiB), what it has deflated and the output's buffer:
    // a bounded few of the 32 chunks, however long the output takes.
    expect(written).toBeLessThan(12);
    release();
    await writing;
    expect(written).toBe(32);
    const path = join(dir, 'slow.zip');
    await writeFile(path, Buffer.concat(outputs));
    expect(digests(await readByOurs(path))).toEqual(digests(new Map([['random.bin', Buffer.concat(data)]])));
  }, 30_000);

  it('reads back whatever it is given: random entries, sizes (0 too), chunkings, binary and unicode text', async () => {
    const chunk = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.string({ unit: fc.constantFrom('<', '>', '&', '督', '查', '😀', '\u0000', 'a', ' '), maxLength: 3000 }),
      fc.uint8Array({ maxLength: 2000 }).map((bytes) => Buffer.from(bytes)),
      fc.nat({ max: 100_000 }).map((length) => randomBytes(length)),
    );
    const entry = fc.record({
      name: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
      chunks: fc.array(chunk, { maxLength: 6 }),
      whole: fc.boolean(),
    });
    const limits = fc.option(fc.record({ bytes: fc.nat({ max: 400_000 }), entries: fc.integer({ min: 1, max: 6 }) }), {
      nil: undefined,
    });
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { maxLength: 5 }), limits, async (drawn, zip64) => {
        // Unique names that no reader takes for directories.
        const entries = drawn.map((e, i) => ({
          name: `${i}-${e.name.replaceAll('/', '_')}`,
          chunks: e.chunks,
          // add() takes text.
          whole: e.whole && e.chunks.every((c) => typeof c === 'string'),
        }));
        const { zip } = await zipOf(entries, zip64);
        const path = join(dir, `property-${n++}.zip`);
        await writeFile(path, zip);
        const expected = new Map(entries.map((e) => [e.name, bytesOf(e)]));
        expect(digests(await readByOurs(path))).toEqual(digests(expected));
        expect(digests(await readByJsZip(zip))).toEqual(digests(expected));
        if (entries.length > 0) expect(await unzipTest(path)).toContain('No errors detected in compressed data');
        await rm(path);
      }),
      { seed: 3_2026, numRuns: 100 },
    );
  }, 120_000);
});
