import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { FullConfig } from '@playwright/test';

/** Removes the databases of earlier runs (each run gets its own under tmp/e2e-data-<timestamp>). */
export default function globalSetup(config: FullConfig): void {
  const current = config.webServer?.env?.['DATA_DIR'];
  if (!current) {
    return;
  }
  const tmp = dirname(current);
  let entries: string[] = [];
  try {
    entries = readdirSync(tmp);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.startsWith('e2e-data-') && entry !== basename(current)) {
      rmSync(join(tmp, entry), { recursive: true, force: true });
    }
  }
}
