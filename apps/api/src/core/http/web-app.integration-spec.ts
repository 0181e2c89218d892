import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { type ApiInstance, TestWorld } from '../../../test/test-app';

// The build step that writes the .br/.gz files (part of `nx run web:build`).
const COMPRESS = resolve(__dirname, '../../../../../scripts/compress-static.mjs');

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A GET that leaves the body as sent (fetch would decompress it). */
function get(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((done, fail) => {
    request(`${baseUrl}${path}`, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        done({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
      response.on('error', fail);
    })
      .on('error', fail)
      .end();
  });
}

describe('The web app served at / (compression and caching)', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let webDir: string;
  // Files as the Angular build names them: hashed ones carry -<8 characters> before the extension.
  const script = `export const labels = [${Array.from({ length: 400 }, (_, i) => `'label-${i}'`).join(', ')}];\n`;
  const page = `<!doctype html><html lang="zh-CN"><head><title>督办</title></head><body><app-root></app-root>${'<!-- padding -->'.repeat(80)}</body></html>`;
  const messages = JSON.stringify(Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`key${i}`, `消息 ${i}`])));
  const font = randomBytes(4096);

  beforeAll(async () => {
    webDir = mkdtempSync(join(tmpdir(), 'zibo-web-'));
    mkdirSync(join(webDir, 'i18n'));
    mkdirSync(join(webDir, 'media'));
    writeFileSync(join(webDir, 'index.html'), page);
    writeFileSync(join(webDir, 'chunk-AB12CD34.js'), script);
    writeFileSync(join(webDir, 'i18n', 'zh-CN.json'), messages);
    writeFileSync(join(webDir, 'media', 'roboto-latin-400-normal-LOX3CHMS.woff2'), font);
    execFileSync(process.execPath, [COMPRESS, webDir]);
    world = await TestWorld.create();
    api = await world.api({ WEB_DIR: webDir });
  });
  afterAll(async () => {
    await world.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('sends a hashed script brotli-compressed when the browser accepts brotli, cached for a year', async () => {
    const response = await get(api.baseUrl, '/chunk-AB12CD34.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['vary']).toContain('Accept-Encoding');
    expect(String(response.headers['content-type']).toLowerCase()).toBe('text/javascript; charset=utf-8');
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Number(response.headers['content-length'])).toBe(response.body.length);
    expect(response.body.length).toBeLessThan(script.length / 3);
    expect(brotliDecompressSync(response.body).toString()).toBe(script);
  });

  it('sends gzip to a client that accepts only gzip (or refuses brotli)', async () => {
    for (const acceptEncoding of ['gzip', 'br;q=0, gzip']) {
      const response = await get(api.baseUrl, '/chunk-AB12CD34.js', { 'accept-encoding': acceptEncoding });
      expect(response.headers['content-encoding']).toBe('gzip');
      expect(Number(response.headers['content-length'])).toBe(response.body.length);
      expect(gunzipSync(response.body).toString()).toBe(script);
    }
  });

  it('sends the file as it is to a client that accepts no compression', async () => {
    for (const headers of [{}, { 'accept-encoding': 'identity' }] as Record<string, string>[]) {
      const response = await get(api.baseUrl, '/chunk-AB12CD34.js', headers);
      expect(response.status).toBe(200);
      expect(response.headers['content-encoding']).toBeUndefined();
      expect(response.headers['vary']).toContain('Accept-Encoding');
      expect(response.body.toString()).toBe(script);
      expect(Number(response.headers['content-length'])).toBe(Buffer.byteLength(script));
    }
  });

  it('never compresses a font that is compressed already, and caches it for a year', async () => {
    const response = await get(api.baseUrl, '/media/roboto-latin-400-normal-LOX3CHMS.woff2', {
      'accept-encoding': 'gzip, br',
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers['content-type']).toBe('font/woff2');
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.body.equals(font)).toBe(true);
  });

  it('revalidates index.html and the unhashed translation files on every use, compressed as well', async () => {
    const index = await get(api.baseUrl, '/', { accept: 'text/html', 'accept-encoding': 'br' });
    expect(index.status).toBe(200);
    expect(String(index.headers['content-type']).toLowerCase()).toBe('text/html; charset=utf-8');
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(index.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(index.body).toString()).toBe(page);

    const i18n = await get(api.baseUrl, '/i18n/zh-CN.json', { 'accept-encoding': 'gzip' });
    expect(String(i18n.headers['content-type']).toLowerCase()).toBe('application/json; charset=utf-8');
    expect(i18n.headers['cache-control']).toBe('no-cache');
    expect(gunzipSync(i18n.body).toString()).toBe(messages);
  });

  it('answers a deep link with index.html, not cached, with the security headers of the api', async () => {
    const response = await get(api.baseUrl, '/tasks/5d0c6a1e-0000-4000-8000-000000000001', {
      accept: 'text/html,application/xhtml+xml',
    });
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe(page);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers a missing script with a 404, not with the page', async () => {
    const response = await get(api.baseUrl, '/chunk-ZZ99ZZ99.js', { accept: '*/*' });
    expect(response.status).toBe(404);
    expect(response.body.toString()).not.toContain('<app-root>');
  });

  it('leaves /api to the api: an unknown api path is a problem+json 404 even when a browser asks', async () => {
    const response = await get(api.baseUrl, '/api/no-such-thing', { accept: 'text/html' });
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(response.body.toString())).toMatchObject({ status: 404 });
  });

  it('wrote no compressed copy of the font at build time', () => {
    expect(() => readFileSync(join(webDir, 'media', 'roboto-latin-400-normal-LOX3CHMS.woff2.br'))).toThrow();
    expect(readFileSync(join(webDir, 'chunk-AB12CD34.js.br')).length).toBeGreaterThan(0);
  });
});
