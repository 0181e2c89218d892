import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { exitOf, type ServerProcess, serverIsBuilt, signIn, startServer, stopServer } from '../test/server-process';

/** The pid in the data folder's postmaster.pid while that process lives, else null. */
function livePostmaster(dataDir: string): number | null {
  const file = join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

interface Write {
  id: string;
  code: string;
}

/** Writers creating departments as fast as the api takes them, until told to stop. */
function burst(url: string, token: string, writers: number) {
  const acknowledged: Write[] = [];
  let inFlight = 0;
  let running = true;
  let next = 0;
  const loops = Array.from({ length: writers }, async () => {
    while (running) {
      const code = `crash-${++next}`;
      inFlight++;
      try {
        const response = await fetch(`${url}/api/departments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ code, name: `断电测试局 ${next}` }),
        });
        const body = (await response.json()) as { id?: string };
        if (response.status === 201 && body.id) acknowledged.push({ id: body.id, code });
      } catch {
        // The api died under this request: not acknowledged, so it may or may not be stored.
        running = false;
      } finally {
        inFlight--;
      }
    }
  });
  return {
    acknowledged,
    inFlight: () => inFlight,
    stopped: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

const describeBuilt = serverIsBuilt() ? describe : describe.skip;

describeBuilt('The api killed with kill -9 during a burst of writes', () => {
  let dataDir: string;
  let first: ServerProcess | undefined;
  let second: ServerProcess | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'zibo-crash-'));
  });
  afterAll(async () => {
    first?.process.kill('SIGKILL');
    await stopServer(second);
    // Should the test fail between the kill and the restart, stop the PostgreSQL it left behind.
    const leftover = livePostmaster(dataDir);
    if (leftover) {
      process.kill(leftover, 'SIGINT');
      while (livePostmaster(dataDir) === leftover) await sleep(100);
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts again on the same data folder, stopping the PostgreSQL it left running, with every acknowledged write and a chain that verifies', async () => {
    const env = { DATA_DIR: dataDir, REMINDER_INTERVAL_MINUTES: '0', LOGIN_RATE_PER_MINUTE: '100000' };
    first = await startServer(env);
    const writes = burst(first.url, await signIn(first.url, 'admin'), 8);
    while (writes.acknowledged.length < 40) await sleep(5);
    const inFlightAtKill = writes.inFlight();
    first.process.kill('SIGKILL');
    await exitOf(first.process);
    await writes.stopped();
    const acknowledged = [...writes.acknowledged];

    // What a supervisor finds: the api gone, its PostgreSQL still holding the data folder.
    const orphan = livePostmaster(dataDir);
    expect(orphan).not.toBeNull();

    const restartedAt = Date.now();
    second = await startServer(env);
    const restartMs = Date.now() - restartedAt;
    expect(second.output()).toContain('outlived its api: stopping it');
    expect(livePostmaster(dataDir)).not.toBe(orphan);

    const admin = await signIn(second.url, 'admin');
    const stored = (await (
      await fetch(`${second.url}/api/departments`, { headers: { authorization: `Bearer ${admin}` } })
    ).json()) as Write[];
    const missing = acknowledged.filter((write) => !stored.some((d) => d.id === write.id && d.code === write.code));
    expect(missing).toEqual([]);

    const auditor = await signIn(second.url, 'auditor');
    const verification = await fetch(`${second.url}/api/audit/verify`, {
      headers: { authorization: `Bearer ${auditor}` },
    });
    expect(verification.status).toBe(200);
    expect(await verification.json()).toMatchObject({ ok: true });

    // And it stops cleanly, its PostgreSQL with it.
    expect(await stopServer(second)).toBe(0);
    expect(livePostmaster(dataDir)).toBeNull();
    process.stdout.write(
      `kill -9 during writes: ${acknowledged.length} acknowledged (${inFlightAtKill} in flight at the kill), ` +
        `0 lost; restart with the orphan stopped ${restartMs} ms; chain verifies\n`,
    );
  }, 120_000);
});
