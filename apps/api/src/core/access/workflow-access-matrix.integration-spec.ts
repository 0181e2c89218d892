import { FixedClock } from '../../core/clock';
import { type ApiInstance, TestWorld, departmentIds, signIn } from '../../../test/test-app';

/**
 * The workflow endpoints × every role × the caller's department relation to the task (lead,
 * co-owner, unrelated), asserting the exact status. One table; the tests are generated from it.
 * Each case gets fresh records, so a success cannot hide behind an earlier test's state change.
 */
type Actor =
  | 'anonymous'
  | 'admin'
  | 'committee'
  | 'auditor'
  | 'lead_head'
  | 'lead_staff'
  | 'co_head'
  | 'co_staff'
  | 'other_head'
  | 'other_staff';

const USERNAMES: Record<Exclude<Actor, 'anonymous'>, string> = {
  admin: 'admin',
  committee: 'committee',
  auditor: 'auditor',
  lead_head: 'head.econ',
  lead_staff: 'staff.econ',
  co_head: 'head.sci',
  co_staff: 'staff.sci',
  other_head: 'head.party',
  other_staff: 'staff.party',
};
const ACTORS = ['anonymous', ...Object.keys(USERNAMES)] as Actor[];

interface Fixtures {
  draftTask(): Promise<string>;
  assignedTask(): Promise<string>;
  draftReport(): Promise<{ taskId: string; reportId: string }>;
  submittedReport(): Promise<string>;
  returnedReport(): Promise<string>;
  draftContribution(): Promise<string>;
  attachment(): Promise<string>;
  proposedAmendment(): Promise<string>;
  notificationOf(username: string): Promise<string>;
}

interface Case {
  endpoint: string;
  method: 'GET' | 'POST' | 'PATCH';
  /** Builds the records the call needs and returns its path (and If-Match, when needed). */
  prepare: (f: Fixtures) => Promise<{ path: string; ifMatch?: boolean }>;
  body?: unknown;
  multipart?: boolean;
  expected: Partial<Record<Actor, number>> & { others: number };
}

const visibleRead = { anonymous: 401, other_head: 404, other_staff: 404, others: 200 };
const leadOnly = (status: number) => ({
  anonymous: 401,
  lead_head: status,
  lead_staff: status,
  other_head: 404,
  other_staff: 404,
  others: 403,
});
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

const CASES: Case[] = [
  {
    endpoint: 'GET /api/tasks',
    method: 'GET',
    prepare: async () => ({ path: '/api/tasks' }),
    expected: { anonymous: 401, others: 200 },
  },
  {
    endpoint: 'GET /api/dashboard',
    method: 'GET',
    prepare: async () => ({ path: '/api/dashboard' }),
    expected: { anonymous: 401, others: 200 },
  },
  {
    endpoint: 'GET /api/plan-drift',
    method: 'GET',
    prepare: async () => ({ path: '/api/plan-drift' }),
    expected: { anonymous: 401, others: 200 },
  },
  {
    endpoint: 'GET /api/notifications',
    method: 'GET',
    prepare: async () => ({ path: '/api/notifications' }),
    expected: { anonymous: 401, others: 200 },
  },
  {
    endpoint: 'POST /api/tasks',
    method: 'POST',
    prepare: async () => ({ path: '/api/tasks' }),
    body: 'newTask',
    expected: { anonymous: 401, committee: 201, others: 403 },
  },
  {
    endpoint: 'GET /api/tasks/:id',
    method: 'GET',
    prepare: async (f) => ({ path: `/api/tasks/${await f.assignedTask()}` }),
    expected: visibleRead,
  },
  {
    endpoint: 'GET /api/tasks/:id (draft)',
    method: 'GET',
    prepare: async (f) => ({ path: `/api/tasks/${await f.draftTask()}` }),
    expected: { anonymous: 401, admin: 200, committee: 200, auditor: 200, others: 404 },
  },
  {
    endpoint: 'PATCH /api/tasks/:id (title)',
    method: 'PATCH',
    prepare: async (f) => ({ path: `/api/tasks/${await f.assignedTask()}`, ifMatch: true }),
    body: { title: '改名' },
    expected: { anonymous: 401, committee: 200, other_head: 404, other_staff: 404, others: 403 },
  },
  {
    endpoint: 'POST /api/tasks/:id/assign',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/tasks/${await f.draftTask()}/assign` }),
    expected: { anonymous: 401, committee: 200, admin: 403, auditor: 403, others: 404 },
  },
  {
    endpoint: 'POST /api/tasks/:id/cancel',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/tasks/${await f.assignedTask()}/cancel` }),
    body: { reason: '合并' },
    expected: { anonymous: 401, committee: 200, other_head: 404, other_staff: 404, others: 403 },
  },
  {
    endpoint: 'POST /api/tasks/:id/complete (no final report)',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/tasks/${await f.assignedTask()}/complete` }),
    expected: { anonymous: 401, committee: 422, other_head: 404, other_staff: 404, others: 403 },
  },
  {
    endpoint: 'GET /api/tasks/:id/progress',
    method: 'GET',
    prepare: async (f) => ({ path: `/api/tasks/${await f.assignedTask()}/progress` }),
    expected: visibleRead,
  },
  {
    endpoint: 'POST /api/tasks/:id/progress',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/tasks/${await f.assignedTask()}/progress` }),
    body: { period: '2021-03', percentComplete: 10, summary: '进展' },
    expected: leadOnly(201),
  },
  {
    endpoint: 'GET /api/progress/:id',
    method: 'GET',
    prepare: async (f) => ({ path: `/api/progress/${(await f.draftReport()).reportId}` }),
    expected: visibleRead,
  },
  {
    endpoint: 'PATCH /api/progress/:id',
    method: 'PATCH',
    prepare: async (f) => ({ path: `/api/progress/${(await f.draftReport()).reportId}`, ifMatch: true }),
    body: { summary: '修改' },
    expected: leadOnly(200),
  },
  {
    endpoint: 'POST /api/progress/:id/submit',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/progress/${(await f.draftReport()).reportId}/submit` }),
    expected: { ...leadOnly(200), lead_staff: 403 },
  },
  {
    endpoint: 'POST /api/progress/:id/review',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/progress/${await f.submittedReport()}/review` }),
    body: { decision: 'approve' },
    expected: { anonymous: 401, committee: 200, other_head: 404, other_staff: 404, others: 403 },
  },
  {
    endpoint: 'POST /api/progress/:id/revise',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/progress/${await f.returnedReport()}/revise` }),
    expected: leadOnly(200),
  },
  {
    endpoint: 'POST /api/progress/:id/attachments',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/progress/${(await f.draftReport()).reportId}/attachments` }),
    multipart: true,
    expected: leadOnly(201),
  },
  {
    endpoint: 'GET /api/attachments/:id',
    method: 'GET',
    prepare: async (f) => ({ path: `/api/attachments/${await f.attachment()}` }),
    expected: visibleRead,
  },
  {
    endpoint: 'POST /api/tasks/:id/contributions',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/tasks/${await f.assignedTask()}/contributions` }),
    body: { period: '2021-03', percentComplete: 10, summary: '配合' },
    expected: { anonymous: 401, co_head: 201, co_staff: 201, other_head: 404, other_staff: 404, others: 403 },
  },
  {
    endpoint: 'PATCH /api/contributions/:id',
    method: 'PATCH',
    prepare: async (f) => ({ path: `/api/contributions/${await f.draftContribution()}`, ifMatch: true }),
    body: { summary: '改' },
    expected: { anonymous: 401, co_head: 200, co_staff: 200, other_head: 404, other_staff: 404, others: 403 },
  },
  {
    endpoint: 'POST /api/contributions/:id/submit',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/contributions/${await f.draftContribution()}/submit` }),
    expected: { anonymous: 401, co_head: 200, other_head: 404, other_staff: 404, others: 403 },
  },
  {
    endpoint: 'GET /api/tasks/:id/history',
    method: 'GET',
    prepare: async (f) => ({ path: `/api/tasks/${await f.assignedTask()}/history` }),
    expected: visibleRead,
  },
  {
    endpoint: 'GET /api/tasks/:id/amendments',
    method: 'GET',
    prepare: async (f) => ({ path: `/api/tasks/${await f.assignedTask()}/amendments` }),
    expected: visibleRead,
  },
  {
    endpoint: 'POST /api/tasks/:id/amendments',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/tasks/${await f.assignedTask()}/amendments` }),
    body: { reason: '延期', dueDate: '2022-03-31' },
    expected: { anonymous: 401, committee: 201, lead_head: 201, other_head: 404, other_staff: 404, others: 403 },
  },
  {
    endpoint: 'POST /api/amendments/:id/approve',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/amendments/${await f.proposedAmendment()}/approve` }),
    expected: { anonymous: 401, committee: 200, other_head: 404, other_staff: 404, others: 403 },
  },
  {
    endpoint: 'POST /api/notifications/:id/read (lead staff’s)',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/notifications/${await f.notificationOf('staff.econ')}/read` }),
    expected: { anonymous: 401, lead_staff: 200, others: 404 },
  },
];

describe('Authorization matrix of the workflow (role × department relation × endpoint)', () => {
  let world: TestWorld;
  let api: ApiInstance;
  const tokens = new Map<Actor, string | undefined>();
  let dept: Record<string, string>;

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api({}, new FixedClock(new Date('2021-03-20T10:00:00+08:00')));
    for (const actor of ACTORS)
      tokens.set(actor, actor === 'anonymous' ? undefined : await signIn(api, USERNAMES[actor]));
    dept = await departmentIds(world);
  });
  afterAll(() => world.close());

  const as = async <T>(actor: Actor, method: string, path: string, body?: unknown) => {
    const result = await api.request<T>(method, path, { token: tokens.get(actor), body });
    if (result.status >= 300)
      throw new Error(`fixture ${method} ${path} as ${actor}: ${result.status} ${JSON.stringify(result.body)}`);
    return result.body;
  };
  const newTask = () => ({
    workItemCode: 'FA1.3',
    title: '创新创业生态',
    leadDepartmentId: dept['econ'],
    coDepartmentIds: [dept['sci']],
    startDate: '2021-03-01',
    dueDate: '2021-12-31',
  });

  const fixtures: Fixtures = {
    draftTask: async () => (await as<{ id: string }>('committee', 'POST', '/api/tasks', newTask())).id,
    assignedTask: async () => {
      const id = await fixtures.draftTask();
      await as('committee', 'POST', `/api/tasks/${id}/assign`);
      return id;
    },
    draftReport: async () => {
      const taskId = await fixtures.assignedTask();
      const report = await as<{ id: string }>('lead_staff', 'POST', `/api/tasks/${taskId}/progress`, {
        period: '2021-03',
        percentComplete: 10,
        summary: '进展',
      });
      return { taskId, reportId: report.id };
    },
    submittedReport: async () => {
      const { reportId } = await fixtures.draftReport();
      await as('lead_head', 'POST', `/api/progress/${reportId}/submit`);
      return reportId;
    },
    returnedReport: async () => {
      const reportId = await fixtures.submittedReport();
      await as('committee', 'POST', `/api/progress/${reportId}/review`, { decision: 'return', comment: '补充' });
      return reportId;
    },
    draftContribution: async () => {
      const taskId = await fixtures.assignedTask();
      return (
        await as<{ id: string }>('co_staff', 'POST', `/api/tasks/${taskId}/contributions`, {
          period: '2021-03',
          percentComplete: 5,
          summary: '配合',
        })
      ).id;
    },
    attachment: async () => {
      const { reportId } = await fixtures.draftReport();
      return upload(reportId, tokens.get('lead_staff')).then((r) => (r.body as { id: string }).id);
    },
    proposedAmendment: async () => {
      const taskId = await fixtures.assignedTask();
      return (
        await as<{ id: string }>('lead_head', 'POST', `/api/tasks/${taskId}/amendments`, {
          reason: '延期',
          dueDate: '2022-01-31',
        })
      ).id;
    },
    notificationOf: async (username) => {
      const taskId = await fixtures.assignedTask();
      const rows = await world.sql<{ id: string }>(
        `SELECT n.id FROM notification n JOIN app_user u ON u.id = n.user_id WHERE n.task_id = $1 AND u.username = $2`,
        [taskId, username],
      );
      return rows[0]?.id ?? '';
    },
  };

  async function upload(reportId: string, token: string | undefined) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(PDF)]), 'evidence.pdf');
    const response = await fetch(`${api.baseUrl}/api/progress/${reportId}/attachments`, {
      method: 'POST',
      headers: token ? { authorization: `Bearer ${token}` } : {},
      body: form,
    });
    return { status: response.status, body: (await response.json()) as unknown };
  }

  const rows = CASES.flatMap((c) =>
    ACTORS.map((actor) => [c.endpoint, actor, c.expected[actor] ?? c.expected.others, c] as const),
  );

  it.each(rows)('%s as %s → %i', async (_endpoint, actor, status, c) => {
    const { path, ifMatch } = await c.prepare(fixtures);
    let result: { status: number };
    if (c.multipart) {
      result = await upload(path.split('/')[3] ?? '', tokens.get(actor));
    } else {
      const headers: Record<string, string> = {};
      if (ifMatch) {
        const current = await api.request('GET', path, { token: tokens.get('committee') });
        headers['if-match'] = current.headers.get('etag') ?? '"0"';
      }
      const body = c.body === 'newTask' ? newTask() : c.body;
      result = await api.request(c.method, path, { token: tokens.get(actor), body, headers });
    }
    expect(result.status).toBe(status);
  });
});
