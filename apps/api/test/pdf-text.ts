import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The text of a PDF, extracted by Debian's poppler-utils (`pdftotext`), which `.ci/run` installs.
 * A missing tool fails the test: a PDF whose words were never read is not a checked PDF.
 */
export function pdfText(content: Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), 'pdf-text-')), 'document.pdf');
  writeFileSync(file, content);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}
