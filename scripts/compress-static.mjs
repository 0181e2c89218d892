#!/usr/bin/env node
// Part of the web build (`nx run web:build`): writes `<file>.br` (brotli, quality 11) and `<file>.gz`
// (gzip, level 9) beside every text file of the built web app, so the api sends them as they are
// (Content-Encoding by Accept-Encoding) instead of compressing on every request, or not at all.
// Fonts that are already compressed (woff, woff2) and images are left alone, and so is any file
// whose compressed form would not be clearly smaller. Usage: node scripts/compress-static.mjs <dir>
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const TEXT = new Set(['.js', '.mjs', '.css', '.html', '.json', '.svg', '.txt', '.xml', '.map', '.ico', '.ttf', '.otf']);
/** Below this a compressed copy saves less than the extra header costs. */
const MIN_BYTES = 1024;
/** A compressed copy is kept only when it is at most this share of the original. */
const MAX_RATIO = 0.9;

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

async function* filesUnder(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (entry.isFile()) yield path;
  }
}

async function compress(path) {
  const original = await readFile(path);
  const mode =
    extname(path) === '.ttf' || extname(path) === '.otf' ? constants.BROTLI_MODE_FONT : constants.BROTLI_MODE_TEXT;
  const [br, gz] = await Promise.all([
    brotli(original, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: mode,
        [constants.BROTLI_PARAM_SIZE_HINT]: original.length,
      },
    }),
    gzipAsync(original, { level: constants.Z_BEST_COMPRESSION }),
  ]);
  const worthIt = (data) => data.length <= original.length * MAX_RATIO;
  if (worthIt(br)) await writeFile(`${path}.br`, br);
  if (worthIt(gz)) await writeFile(`${path}.gz`, gz);
  return { original: original.length, br: worthIt(br) ? br.length : original.length };
}

const dir = process.argv[2];
if (!dir || !(await stat(dir).catch(() => null))?.isDirectory()) {
  process.stderr.write('usage: node scripts/compress-static.mjs <built web app folder>\n');
  process.exit(2);
}

const started = Date.now();
const candidates = [];
for await (const path of filesUnder(dir)) {
  if (!TEXT.has(extname(path))) continue;
  if ((await stat(path)).size < MIN_BYTES) continue;
  candidates.push(path);
}
// Two at a time: brotli 11 is CPU-bound and the build machine has few cores.
let next = 0;
let original = 0;
let compressed = 0;
await Promise.all(
  [0, 1].map(async () => {
    while (next < candidates.length) {
      const path = candidates[next++];
      const sizes = await compress(path);
      original += sizes.original;
      compressed += sizes.br;
    }
  }),
);
process.stdout.write(
  `compressed ${candidates.length} files under ${relative(process.cwd(), dir) || '.'}: ` +
    `${(original / 1000).toFixed(0)} kB → ${(compressed / 1000).toFixed(0)} kB brotli in ${Date.now() - started} ms\n`,
);
