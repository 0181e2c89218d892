import { readFile, readlink, realpath, rm, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * What the `postmaster.pid` of an embedded cluster points at, before we start it:
 * - `absent`: no lock file, nothing runs;
 * - `stale`: the process is gone (PostgreSQL reuses such a file by itself);
 * - `foreign`: the pid now belongs to another program, which must be left alone (the file is stale);
 * - `unknown`: alive, but /proc does not say what it is (not Linux): PostgreSQL's own checks decide;
 * - `in-use`: our postmaster, still run by the live process that started it (another api);
 * - `orphaned`: our postmaster, whose api is gone (`kill -9`): it holds the folder and must be stopped.
 */
export type PostmasterState =
  | { kind: 'absent' }
  | { kind: 'stale' | 'foreign' | 'unknown' | 'orphaned'; pid: number }
  | { kind: 'in-use'; pid: number; parentPid: number };

/** What /proc tells about a process; fields stay unset where it cannot be read. */
export interface ProcessFacts {
  alive: boolean;
  /** File name of argv[0]: `postgres` for a postmaster (its backends rename themselves). */
  program?: string;
  /** Working directory: a postmaster runs in its data directory. */
  cwd?: string;
  /** The `-D` argument, when given. */
  dataDirArgument?: string;
  parentPid?: number;
}

/** The file beside the cluster naming the process that started its postmaster. */
export function starterFile(dataDir: string): string {
  return join(dataDir, 'postgres.starter');
}

/**
 * Judges the lock file's process from its facts. Ours means a `postgres` program working in our
 * data directory; it is orphaned unless its parent is still the process that started it (a
 * cluster from before the starter file counts as in use while it has any parent but init).
 */
export function judgePostmaster(
  databaseDir: string,
  pid: number,
  facts: ProcessFacts,
  starterPid: number | undefined,
): PostmasterState {
  if (!facts.alive) return { kind: 'stale', pid };
  if (facts.program === undefined) return { kind: 'unknown', pid };
  if (facts.program !== 'postgres') return { kind: 'foreign', pid };
  const folders = [facts.cwd, facts.dataDirArgument].filter((folder): folder is string => folder !== undefined);
  if (folders.length === 0) return { kind: 'unknown', pid };
  if (!folders.some((folder) => resolve(folder) === resolve(databaseDir))) return { kind: 'foreign', pid };
  const parent = facts.parentPid;
  if (parent !== undefined && parent > 1 && (starterPid === undefined || parent === starterPid)) {
    return { kind: 'in-use', pid, parentPid: parent };
  }
  return { kind: 'orphaned', pid };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is just not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const readOrUndefined = <T>(read: Promise<T>): Promise<T | undefined> => read.catch(() => undefined);

/** Reads a process's facts from /proc (Linux); a zombie counts as gone. */
export async function processFacts(pid: number): Promise<ProcessFacts> {
  if (!isAlive(pid)) return { alive: false };
  const [stat, cmdline, cwd] = await Promise.all([
    readOrUndefined(readFile(`/proc/${pid}/stat`, 'utf8')),
    readOrUndefined(readFile(`/proc/${pid}/cmdline`, 'utf8')),
    readOrUndefined(readlink(`/proc/${pid}/cwd`)),
  ]);
  // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
  const [state, parent] = stat?.slice(stat.lastIndexOf(')') + 2).split(' ') ?? [];
  if (state === 'Z' || state === 'X') return { alive: false };
  const args = cmdline?.split('\0') ?? [];
  const dashD = args.indexOf('-D');
  return {
    alive: true,
    program: args[0] ? basename(args[0]) : undefined,
    cwd,
    dataDirArgument: dashD >= 0 ? args[dashD + 1] : undefined,
    parentPid: parent ? Number(parent) : undefined,
  };
}

/** Reads the data folder's lock file and judges the process it names. */
export async function inspectPostmaster(dataDir: string, databaseDir: string): Promise<PostmasterState> {
  const lock = await readOrUndefined(readFile(join(databaseDir, 'postmaster.pid'), 'utf8'));
  const pid = Number(lock?.split('\n')[0]);
  if (!Number.isSafeInteger(pid) || pid <= 0) return { kind: 'absent' };
  const starter = Number(await readOrUndefined(readFile(starterFile(dataDir), 'utf8')));
  // Symbolic links (a /tmp that is a link) must not make our own folder look foreign.
  const folder = (await readOrUndefined(realpath(databaseDir))) ?? databaseDir;
  const facts = await processFacts(pid);
  const real = async (path: string | undefined) => (path ? ((await readOrUndefined(realpath(path))) ?? path) : path);
  return judgePostmaster(
    folder,
    pid,
    { ...facts, cwd: await real(facts.cwd), dataDirArgument: await real(facts.dataDirArgument) },
    Number.isSafeInteger(starter) && starter > 0 ? starter : undefined,
  );
}

async function exited(pid: number, withinMs: number): Promise<boolean> {
  for (const deadline = Date.now() + withinMs; Date.now() < deadline; await sleep(100)) {
    if (!(await processFacts(pid)).alive) return true;
  }
  return false;
}

/**
 * Makes the data folder startable after the api that ran it died without stopping it: stops our
 * orphaned postmaster (fast shutdown, as `pg_ctl stop -m fast`; immediate if that hangs), drops a
 * lock file whose pid another program now has, and refuses when another live api still runs it.
 */
export async function releaseDataFolder(
  dataDir: string,
  databaseDir: string,
  warn: (message: string) => void,
): Promise<void> {
  const state = await inspectPostmaster(dataDir, databaseDir);
  switch (state.kind) {
    case 'absent':
    case 'stale':
    case 'unknown':
      return;
    case 'foreign':
      warn(
        `postmaster.pid in ${databaseDir} names pid ${state.pid}, which is not our PostgreSQL: removing the stale file`,
      );
      await rm(join(databaseDir, 'postmaster.pid'), { force: true });
      return;
    case 'in-use':
      throw new Error(
        `The embedded PostgreSQL in ${databaseDir} (pid ${state.pid}) is run by another live process (pid ` +
          `${state.parentPid}): another api is using this data folder. Stop it, or give this one its own DATA_DIR.`,
      );
    case 'orphaned': {
      warn(`the embedded PostgreSQL of ${databaseDir} (pid ${state.pid}) outlived its api: stopping it`);
      // SIGINT is PostgreSQL's fast shutdown: open transactions roll back, committed ones stay.
      process.kill(state.pid, 'SIGINT');
      if (await exited(state.pid, 30_000)) return;
      // SIGQUIT: immediate shutdown; the start that follows runs crash recovery from the WAL.
      process.kill(state.pid, 'SIGQUIT');
      if (await exited(state.pid, 10_000)) return;
      throw new Error(`The orphaned embedded PostgreSQL (pid ${state.pid}) in ${databaseDir} did not stop`);
    }
  }
}

/** Records that this process runs the cluster now. */
export function recordStarter(dataDir: string): Promise<void> {
  return writeFile(starterFile(dataDir), String(process.pid), { mode: 0o600 });
}
