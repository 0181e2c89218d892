import { type ApiInstance, TestWorld, uniqueName } from '../../../test/test-app';
import { UnitOfWork } from './unit-of-work';

describe('UnitOfWork.snapshot', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let unitOfWork: UnitOfWork;

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api();
    unitOfWork = api.app.get(UnitOfWork);
  });
  afterAll(() => world.close());

  const departmentCount = async (db: { query: (sql: string) => Promise<{ n: number }[]> }) =>
    (await db.query('SELECT count(*)::int AS n FROM department'))[0]?.n;

  it('reads under REPEATABLE READ, READ ONLY: a row committed meanwhile is not seen until it ends', async () => {
    const seen = await unitOfWork.snapshot(async (db) => {
      const [settings] = await db.query<{ isolation: string; readOnly: string }[]>(
        `SELECT current_setting('transaction_isolation') AS isolation,
                current_setting('transaction_read_only') AS "readOnly"`,
      );
      const before = await departmentCount(db);
      await world.sql('INSERT INTO department (code, name) VALUES ($1, $2)', [uniqueName('snap'), '快照期间']);
      return { settings, before, after: await departmentCount(db) };
    });
    expect(seen.settings).toEqual({ isolation: 'repeatable read', readOnly: 'on' });
    expect(seen.after).toBe(seen.before);
    expect(await unitOfWork.read(departmentCount)).toBe((seen.before ?? 0) + 1);
  });

  it('refuses a write inside, ends the transaction and frees its connection', async () => {
    await expect(
      unitOfWork.snapshot((db) =>
        db.query('INSERT INTO department (code, name) VALUES ($1, $2)', [uniqueName('ro'), '只读']),
      ),
    ).rejects.toThrow(/read-only transaction/);
    // Twenty more than the pool holds: a connection left checked out (or in a failed
    // transaction) would show here.
    const levels = await Promise.all(
      Array.from({ length: 25 }, () =>
        unitOfWork.snapshot(async (db) => {
          const rows = await db.query<{ level: string }[]>(`SELECT current_setting('transaction_isolation') AS level`);
          return rows[0]?.level;
        }),
      ),
    );
    expect(new Set(levels)).toEqual(new Set(['repeatable read']));
    const [outside] = await unitOfWork.read((db) =>
      db.query<{ level: string }[]>(`SELECT current_setting('transaction_isolation') AS level`),
    );
    expect(outside?.level).toBe('read committed');
  });

  it('inside a use case, joins its transaction', async () => {
    const levels = await unitOfWork.run(async () =>
      unitOfWork.snapshot((db) =>
        db.query<{ level: string }[]>(`SELECT current_setting('transaction_isolation') AS level`),
      ),
    );
    expect(levels[0]?.level).toBe('read committed');
  });
});
