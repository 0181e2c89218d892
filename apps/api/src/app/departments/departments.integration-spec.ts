import { type ApiInstance, TestWorld, signIn, uniqueName } from '../../../test/test-app';

interface DepartmentBody {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  active: boolean;
  version: number;
}

describe('Departments', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let admin: string;

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api();
    admin = await signIn(api, 'admin');
  });
  afterAll(() => world.close());

  it('lists the eight sample departments by code as a plain array', async () => {
    const token = await signIn(api, 'staff.social');
    const result = await api.request<DepartmentBody[]>('GET', '/api/departments', { token });
    expect(result.status).toBe(200);
    expect(result.body.map((d) => d.code)).toEqual([
      'approval',
      'build',
      'econ',
      'ftz',
      'invest',
      'party',
      'sci',
      'social',
    ]);
    expect(result.body.find((d) => d.code === 'ftz')?.name).toBe('综合保税区管理办公室');
  });

  it('creates, renames and deactivates a department with optimistic locking', async () => {
    const code = uniqueName('dept');
    const created = await api.request<DepartmentBody>('POST', '/api/departments', {
      token: admin,
      body: { code, name: '大数据局' },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/departments/${created.body.id}`);
    const renamed = await api.request<DepartmentBody>('PATCH', `/api/departments/${created.body.id}`, {
      token: admin,
      body: { name: '大数据管理局', nameEn: 'Big Data Bureau' },
      headers: { 'if-match': '"1"' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: '大数据管理局', nameEn: 'Big Data Bureau', version: 2 });
    expect(renamed.headers.get('etag')).toBe('"2"');
    const stale = await api.request('PATCH', `/api/departments/${created.body.id}`, {
      token: admin,
      body: { active: false },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(412);
    const deactivated = await api.request<DepartmentBody>('PATCH', `/api/departments/${created.body.id}`, {
      token: admin,
      body: { active: false },
      headers: { 'if-match': '"2"' },
    });
    expect(deactivated.body.active).toBe(false);

    // No new members for an inactive department.
    const member = await api.request('POST', '/api/users', {
      token: admin,
      body: {
        username: uniqueName('m'),
        displayName: 'x',
        role: 'dept_staff',
        departmentId: created.body.id,
        password: 'Start#2021-kite',
      },
    });
    expect(member.status).toBe(422);

    const events = await world.sql<{ action: string }>(
      `SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY seq`,
      [created.body.id],
    );
    expect(events.map((e) => e.action)).toEqual(['department.create', 'department.update', 'department.update']);
  });

  it('refuses a duplicate code with 422', async () => {
    const result = await api.request<{ errors: { field: string }[] }>('POST', '/api/departments', {
      token: admin,
      body: { code: 'econ', name: '重复' },
    });
    expect(result.status).toBe(422);
    expect(result.body.errors[0]?.field).toBe('code');
  });
});
