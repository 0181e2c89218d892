import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  inspectPostmaster,
  judgePostmaster,
  type ProcessFacts,
  releaseDataFolder,
  starterFile,
} from './orphaned-postmaster';

const DIR = '/srv/zibo/data/pg';
const alive = (facts: Partial<ProcessFacts>): ProcessFacts => ({ alive: true, ...facts });

describe('Judging the process a postmaster.pid names', () => {
  const cases: { name: string; facts: ProcessFacts; starter: number | undefined; expected: string }[] = [
    { name: 'gone', facts: { alive: false }, starter: 4242, expected: 'stale' },
    { name: 'alive, but nothing can be read about it', facts: alive({}), starter: 4242, expected: 'unknown' },
    {
      name: 'another program that got the pid',
      facts: alive({ program: 'nginx', cwd: '/', parentPid: 1 }),
      starter: 4242,
      expected: 'foreign',
    },
    {
      name: "another cluster's PostgreSQL that got the pid",
      facts: alive({ program: 'postgres', cwd: '/var/lib/postgresql/16/main', parentPid: 1 }),
      starter: 4242,
      expected: 'foreign',
    },
    {
      name: 'our PostgreSQL, still run by the api that started it',
      facts: alive({ program: 'postgres', cwd: DIR, parentPid: 4242 }),
      starter: 4242,
      expected: 'in-use',
    },
    {
      name: 'our PostgreSQL (known by -D), still run by its api',
      facts: alive({ program: 'postgres', dataDirArgument: DIR, parentPid: 4242 }),
      starter: 4242,
      expected: 'in-use',
    },
    {
      name: 'our PostgreSQL, its api killed (adopted by init)',
      facts: alive({ program: 'postgres', cwd: DIR, parentPid: 1 }),
      starter: 4242,
      expected: 'orphaned',
    },
    {
      name: 'our PostgreSQL, its api killed (adopted by a subreaper)',
      facts: alive({ program: 'postgres', cwd: DIR, parentPid: 777 }),
      starter: 4242,
      expected: 'orphaned',
    },
    {
      name: 'our PostgreSQL of a folder from before the starter file, with a live parent',
      facts: alive({ program: 'postgres', cwd: DIR, parentPid: 777 }),
      starter: undefined,
      expected: 'in-use',
    },
    {
      name: 'our PostgreSQL of a folder from before the starter file, adopted by init',
      facts: alive({ program: 'postgres', cwd: DIR, parentPid: 1 }),
      starter: undefined,
      expected: 'orphaned',
    },
    {
      name: 'a postgres that says nothing of its folder',
      facts: alive({ program: 'postgres', parentPid: 1 }),
      starter: 4242,
      expected: 'unknown',
    },
  ];
  it.each(cases)('$name → $expected', ({ facts, starter, expected }) => {
    expect(judgePostmaster(DIR, 9001, facts, starter).kind).toBe(expected);
  });
});

// Real processes, as /proc shows them (Linux only, like the embedded PostgreSQL binaries we ship).
const describeLinux = existsSync('/proc/self/stat') ? describe : describe.skip;

describeLinux('Releasing a data folder before the embedded PostgreSQL starts', () => {
  let dataDir: string;
  let databaseDir: string;
  const children: ChildProcess[] = [];
  const warnings: string[] = [];
  const warn = (line: string) => warnings.push(line);

  /** A long-running process; with `as: 'postgres'` it is named and placed like our postmaster. */
  function start(options: { as?: string; cwd?: string } = {}): ChildProcess {
    const child = spawn('sleep', ['60'], { argv0: options.as ?? 'sleep', cwd: options.cwd, stdio: 'ignore' });
    children.push(child);
    return child;
  }
  const lockNames = (pid: number) =>
    writeFile(join(databaseDir, 'postmaster.pid'), `${pid}\n${databaseDir}\n1\n5432\n`);
  const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'zibo-orphan-'));
    databaseDir = join(dataDir, 'pg');
    await mkdir(databaseDir);
    warnings.length = 0;
  });
  afterEach(async () => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('a lock file of a process that is gone is left for PostgreSQL to reuse', async () => {
    const finished = spawnSync('true');
    await lockNames(finished.pid);

    expect((await inspectPostmaster(dataDir, databaseDir)).kind).toBe('stale');
    await releaseDataFolder(dataDir, databaseDir, warn);
    expect(existsSync(join(databaseDir, 'postmaster.pid'))).toBe(true);
  });

  it('a pid that another program now has: that program is left alone, the stale file goes', async () => {
    const other = start({ cwd: databaseDir });
    await lockNames(other.pid as number);

    expect((await inspectPostmaster(dataDir, databaseDir)).kind).toBe('foreign');
    await releaseDataFolder(dataDir, databaseDir, warn);

    expect(running(other)).toBe(true);
    expect(existsSync(join(databaseDir, 'postmaster.pid'))).toBe(false);
    expect(warnings.join()).toContain('not our PostgreSQL');
  });

  it('our postgres, still run by the live process that started it: refused, not stopped', async () => {
    const postmaster = start({ as: 'postgres', cwd: databaseDir });
    await lockNames(postmaster.pid as number);
    await writeFile(starterFile(dataDir), String(process.pid));

    expect(await inspectPostmaster(dataDir, databaseDir)).toEqual({
      kind: 'in-use',
      pid: postmaster.pid,
      parentPid: process.pid,
    });
    await expect(releaseDataFolder(dataDir, databaseDir, warn)).rejects.toThrow(
      'another api is using this data folder',
    );
    expect(running(postmaster)).toBe(true);
  });

  it('our postgres, whose starter is gone: stopped (fast shutdown), and waited for', async () => {
    const postmaster = start({ as: 'postgres', cwd: databaseDir });
    const exit = new Promise((resolve) => postmaster.once('exit', (_code, signal) => resolve(signal)));
    await lockNames(postmaster.pid as number);
    await writeFile(starterFile(dataDir), String(spawnSync('true').pid));

    expect((await inspectPostmaster(dataDir, databaseDir)).kind).toBe('orphaned');
    await releaseDataFolder(dataDir, databaseDir, warn);

    await expect(exit).resolves.toBe('SIGINT');
    expect(warnings.join()).toContain('outlived its api');
  });
});
