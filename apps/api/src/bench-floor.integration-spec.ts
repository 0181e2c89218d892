import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { serverIsBuilt } from '../test/server-process';

const describeBuilt = serverIsBuilt() ? describe : describe.skip;
const ROOT = resolve(__dirname, '../../..');

/**
 * `npm run bench` measures nothing unless the floor answers exactly as the api does, and a field the
 * api gains but the floor does not would silently break it (it did once). This runs the bench's
 * answer check and statement count on a small data set, so such a change fails here instead.
 */
describeBuilt('The bench floor (npm run bench)', () => {
  it('answers every benchmarked endpoint as the api does', async () => {
    const child = spawn(process.execPath, ['scripts/bench.mjs'], {
      cwd: ROOT,
      env: {
        ...process.env,
        BENCH_TASKS: '200',
        BENCH_REPORTS: '1000',
        BENCH_DEPARTMENTS: '10',
        BENCH_EVENTS: '2000',
        BENCH_REPORT_TASKS: '20',
        BENCH_COUNT_ONLY: '1',
        BENCH_MEASURE_ANYWAY: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    const lines = output.split('\n');
    const answers = lines.filter((line) => line.startsWith('same answer'));
    const differing = lines.filter((line) => line.startsWith('same answer NO') || line.includes('first difference:'));
    expect({ code, differing }).toEqual({
      code: 0,
      differing: [],
    });
    // Seven endpoints: two task lists, the detail, two dashboards, the audited create, a report draft.
    expect(answers).toHaveLength(7);
  }, 240_000);
});
