import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { woffToSfnt } from './woff-to-sfnt';

// Noto Sans SC, simplified-Chinese slice (7,947 characters: the seed text and common names).
const FONT_FILE = 'noto-sans-sc-chinese-simplified-400-normal.woff';
const FONT_MODULE = `@fontsource/noto-sans-sc/files/${FONT_FILE}`;
let fontCache: Buffer | undefined;

/**
 * The Chinese font for PDFs as plain OpenType, read once per process (see woffToSfnt for why).
 * The build copies it beside the bundle (assets/fonts), so a deployment needs no font package;
 * in development and tests it comes from node_modules.
 */
export function cjkFont(): Buffer {
  if (fontCache) return fontCache;
  const bundled = join(__dirname, 'assets', 'fonts', FONT_FILE);
  if (existsSync(bundled)) return (fontCache = woffToSfnt(readFileSync(bundled)));
  for (const base of [__filename, process.argv[1], join(process.cwd(), 'index.js')]) {
    try {
      return (fontCache = woffToSfnt(readFileSync(createRequire(base ?? '').resolve(FONT_MODULE))));
    } catch {
      // try the next base
    }
  }
  throw new Error(`PDF font not found: ${FONT_MODULE}`);
}
