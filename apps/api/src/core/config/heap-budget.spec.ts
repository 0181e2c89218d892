import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_HEAP_FLAGS } from './heap-budget';

const ROOT = join(__dirname, '../../../../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const flags = API_HEAP_FLAGS.join(' ');

// Each launcher names the flags itself (a package.json script or a Dockerfile cannot import them):
// this keeps them from drifting apart, so what is measured is what is shipped.
describe('the api heap budget is the same wherever the api is started', () => {
  it('npm start', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['start']).toContain(`node ${flags} dist/apps/api/main.js`);
  });

  it('the Docker image', () => {
    const cmd = API_HEAP_FLAGS.map((flag) => `"${flag}"`).join(', ');
    expect(read('Dockerfile')).toContain(`CMD ["node", ${cmd}, "api/main.js"]`);
  });

  it('the browser tests', () => {
    expect(read('apps/web-e2e/playwright.config.ts')).toContain(`command: 'node ${flags} dist/apps/api/main.js'`);
  });

  it('the benches (one copy for the three scripts)', () => {
    expect(read('scripts/bench-support.mjs')).toContain(`export const API_HEAP_FLAGS = ['${flags}'];`);
  });

  it.each(['scripts/bench.mjs', 'scripts/bench-scale.mjs', 'scripts/bench-export.mjs'])(
    '%s starts the api through bench-support.mjs',
    (script) => {
      expect(read(script)).toMatch(/const api = startBenchApi\(/);
      expect(read(script)).not.toContain('--max-old-space-size');
    },
  );

  it('npm run cluster spawns its api processes with it', () => {
    expect(read('apps/api/src/cluster/cluster.ts')).toMatch(/spawn\(process\.execPath, \[\.\.\.API_HEAP_FLAGS, /);
  });
});
