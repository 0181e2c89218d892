import { type ApiInstance, TestWorld, signIn } from '../../../test/test-app';

describe('Problem responses for bad input', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let admin: string;
  let auditCountBefore: number;

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api();
    admin = await signIn(api, 'admin');
    auditCountBefore = await changeEvents();
  });
  afterAll(() => world.close());

  // Audit events other than sign-ins: each one would be a change.
  const changeEvents = async () =>
    (await world.sql<{ n: number }>(`SELECT count(*)::int AS n FROM audit_event WHERE action NOT LIKE 'auth.%'`))[0]
      ?.n ?? -1;

  const post = (path: string, options: { body?: unknown; rawBody?: string }) =>
    api.request<{ status: number; errors?: { field: string; code: string }[] }>('POST', path, {
      token: admin,
      ...options,
    });

  it.each([
    ['malformed JSON', { rawBody: '{"code": "x",' }, '(body)'],
    ['an unknown field', { body: { code: 'newdept', name: '新局', colour: 'red' } }, 'colour'],
    ['a wrong type', { body: { code: 'newdept', name: 42 } }, 'name'],
    ['an over-long name (101 characters)', { body: { code: 'newdept', name: '局'.repeat(101) } }, 'name'],
    ['a missing required field', { body: { code: 'newdept' } }, 'name'],
    ['a code with forbidden characters', { body: { code: 'New Dept!', name: '新局' } }, 'code'],
    ['an array instead of an object', { body: [1, 2] }, '(body)'],
  ])('answers 400 naming the field for %s', async (_case, options, field) => {
    const result = await post('/api/departments', options);
    expect(result.status).toBe(400);
    expect(result.headers.get('content-type')).toContain('application/problem+json');
    expect(result.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status: 400 });
    expect(result.body.errors?.map((e) => e.field)).toContain(field);
  });

  it('answers 400 for unknown query parameters and page sizes over 500', async () => {
    const unknown = await api.request<{ errors: { field: string }[] }>('GET', '/api/users?colour=red', {
      token: admin,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0]?.field).toBe('colour');
    expect((await api.request('GET', '/api/users?limit=501', { token: admin })).status).toBe(400);
    expect((await api.request('GET', '/api/users?limit=500', { token: admin })).status).toBe(200);
    expect((await api.request('GET', '/api/users?cursor=garbage!', { token: admin })).status).toBe(400);
  });

  it('answers 413 for a body over 1 MB', async () => {
    const result = await post('/api/departments', { body: { code: 'big', name: 'x'.repeat(1_100_000) } });
    expect(result.status).toBe(413);
  });

  it('answers unknown api paths with a 404 problem', async () => {
    const result = await api.request('GET', '/api/no-such-thing', { token: admin });
    expect(result.status).toBe(404);
    expect(result.headers.get('content-type')).toContain('application/problem+json');
  });

  it('changed nothing: no record and no audit event came from any of the bad requests', async () => {
    const departments = await world.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM department WHERE code IN ('newdept', 'big')`,
    );
    expect(departments[0]?.n).toBe(0);
    expect(await changeEvents()).toBe(auditCountBefore);
  });

  it('sends security headers and never caches api answers', async () => {
    const result = await api.request('GET', '/api/health');
    expect(result.headers.get('cache-control')).toBe('no-store');
    expect(result.headers.get('x-content-type-options')).toBe('nosniff');
    expect(result.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(result.headers.get('x-powered-by')).toBeNull();
    expect(result.headers.get('x-request-id')).toEqual(expect.any(String));
  });

  it('refuses cross-origin browser calls by default (no CORS headers)', async () => {
    const result = await api.request('GET', '/api/health', { headers: { origin: 'https://evil.example' } });
    expect(result.headers.get('access-control-allow-origin')).toBeNull();
  });
});
