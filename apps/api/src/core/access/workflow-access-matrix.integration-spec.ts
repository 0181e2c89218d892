import type { ContributionView, ReportView, TaskListItemView, TaskView } from '@zibo/domain';
import { FixedClock } from '../../core/clock';
import { type ApiInstance, TestWorld, departmentIds, signIn, uniqueName } from '../../../test/test-app';

/**
 * The workflow endpoints × every role × the caller's department relation to the task (lead,
 * co-owner, the other co-owner, unrelated) × the state of the record called on (draft, submitted,
 * approved, returned, revised), asserting the exact status, or for an answer that depends on what
 * the caller may see, what it showed. One table; the tests are generated from it. Each case gets
 * fresh records, so a success cannot hide behind an earlier test's state change (reads share them
 * across callers: a read changes nothing).
 */
type Actor =
  | 'anonymous'
  | 'admin'
  | 'security_admin'
  | 'committee'
  | 'auditor'
  | 'lead_head'
  | 'lead_staff'
  | 'co_head'
  | 'co_staff'
  | 'co2_head'
  | 'co2_staff'
  | 'other_head'
  | 'other_staff';

// The task is led by econ and co-owned by sci and invest; party has nothing to do with it.
const USERNAMES: Record<Exclude<Actor, 'anonymous'>, string> = {
  admin: 'admin',
  security_admin: 'secadmin',
  committee: 'committee',
  auditor: 'auditor',
  lead_head: 'head.econ',
  lead_staff: 'staff.econ',
  co_head: 'head.sci',
  co_staff: 'staff.sci',
  co2_head: 'head.invest',
  co2_staff: 'staff.invest',
  other_head: 'head.party',
  other_staff: 'staff.party',
};
const ACTORS = ['anonymous', ...Object.keys(USERNAMES)] as Actor[];

type ReportState = 'draft' | 'submitted' | 'approved' | 'returned' | 'revised';
type ContributionState = 'draft' | 'submitted';

/** A lead report in a state, with a file added to its first draft (and, revised, one added to the new draft). */
interface ReportFixture {
  taskId: string;
  taskTitle: string;
  reportId: string;
  attachmentId: string;
  revisedAttachmentId: string | null;
}

/** The first co-owner's contribution in a state, with a file added while it was a draft. */
interface ContributionFixture {
  taskId: string;
  contributionId: string;
  attachmentId: string;
}

interface Fixtures {
  draftTask(title?: string): Promise<string>;
  assignedTask(title?: string): Promise<string>;
  report(state: ReportState): Promise<ReportFixture>;
  contribution(state: ContributionState): Promise<ContributionFixture>;
  /** The lead's report for 2021-03 on task `taskId`, submitted. */
  submittedReportOn(taskId: string): Promise<string>;
  proposedAmendment(): Promise<string>;
  /** An assigned task its lead department's head declined. */
  declinedTask(): Promise<string>;
  /** An urge of the committee on an assigned task. */
  urge(): Promise<string>;
  /** A yellow supervision notice of the committee on an assigned task. */
  notice(): Promise<string>;
  notificationOf(username: string): Promise<string>;
  /** A directive of the committee on an assigned task. */
  directive(): Promise<string>;
  /** An assigned task whose final report (100 %) the committee approved. */
  finishedTask(): Promise<string>;
  /** A finished task whose lead head requested close-out. */
  closeRequestedTask(): Promise<string>;
  /** An open close-out request's id, and one evidence file the lead head attached to it. */
  closeOutEvidence(): Promise<{ closeOutId: string; attachmentId: string }>;
}

interface Prepared {
  path: string;
  ifMatch?: boolean;
  /** Ids of the records the answer is probed for (see `shows`). */
  subjects?: string[];
}

/** A status, or for a 200 of a case with `shows`, what the answer showed the caller. */
type Expected = number | string;

interface Case {
  endpoint: string;
  method: 'GET' | 'POST' | 'PATCH';
  /** Builds the records the call needs and returns its path (and If-Match, when needed). */
  prepare: (f: Fixtures) => Promise<Prepared>;
  body?: unknown;
  multipart?: boolean;
  /** What a 200 answer showed of the subjects, as a label compared with the expectation. */
  shows?: (body: unknown, subjects: string[]) => string;
  expected: Partial<Record<Actor, Expected>> & { others: Expected };
}

// The security administrator reads no task (三员分立): every task and record of one is hidden (404),
// every list of them refused (403).
const NO_TASKS = { security_admin: 404 } as const;
const NO_TASK_LISTS = { security_admin: 403 } as const;

const visibleRead = { anonymous: 401, ...NO_TASKS, other_head: 404, other_staff: 404, others: 200 };
const leadOnly = (status: number) => ({
  anonymous: 401,
  ...NO_TASKS,
  lead_head: status,
  lead_staff: status,
  other_head: 404,
  other_staff: 404,
  others: 403,
});

const DEPARTMENT_ACTORS = {
  lead: ['lead_head', 'lead_staff'],
  co: ['co_head', 'co_staff'],
  co2: ['co2_head', 'co2_staff'],
  other: ['other_head', 'other_staff'],
} as const satisfies Record<string, Actor[]>;

/**
 * Expectations for a department's record (the lead's report, the first co-owner's contribution):
 * what its own department, those who read every task (committee, administrator, auditors) and the
 * task's other departments get. The unrelated department does not see the task at all (404).
 */
function byReader(
  owner: 'lead' | 'co',
  expected: { own: Expected; readAll: Expected; otherDepartments: Expected },
): Case['expected'] {
  const otherDepartments =
    owner === 'lead'
      ? [...DEPARTMENT_ACTORS.co, ...DEPARTMENT_ACTORS.co2]
      : [...DEPARTMENT_ACTORS.lead, ...DEPARTMENT_ACTORS.co2];
  const result: Case['expected'] = { anonymous: 401, ...NO_TASKS, others: expected.readAll };
  for (const actor of DEPARTMENT_ACTORS[owner]) result[actor] = expected.own;
  for (const actor of otherDepartments) result[actor] = expected.otherDepartments;
  for (const actor of DEPARTMENT_ACTORS.other) result[actor] = 404;
  return result;
}
const draftOnlyOwn = (owner: 'lead' | 'co', own: Expected, hidden: Expected = 404) =>
  byReader(owner, { own, readAll: own, otherDepartments: hidden });
const seenByAll = (owner: 'lead' | 'co', value: Expected) =>
  byReader(owner, { own: value, readAll: value, otherDepartments: value });
/** A write on a record of `owner`: its department as given, other departments 404 while hidden, else 403. */
const writeOwn = (owner: 'lead' | 'co', own: Partial<Record<Actor, Expected>>, hidden: boolean) => ({
  ...byReader(owner, { own: 403, readAll: 403, otherDepartments: hidden ? 404 : 403 }),
  ...own,
});

const listed = (items: { id: string }[], id: string | undefined) =>
  items.some((item) => item.id === id) ? 'listed' : 'unlisted';
const shownReport = (report: { status: string; summary?: string } | undefined) =>
  report ? `${report.status}: ${report.summary ?? ''}` : 'unlisted';
/** The history's entries about the subjects, as their actions. */
const historyOf = (body: unknown, subjects: string[]) =>
  (body as { items: { entityId: string | null; action: string }[] }).items
    .filter((e) => e.entityId !== null && subjects.includes(e.entityId))
    .map((e) => e.action)
    .join(' ') || '(none)';

const LEAD_DRAFT = '牵头单位草稿';
const LEAD_REVISING = '牵头单位修订中的草稿';
const CO_DRAFT = '配合单位草稿';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

const REPORT_STATES: ReportState[] = ['draft', 'submitted', 'approved', 'returned', 'revised'];

/** Reading the lead department's report, its files and its history, in each state. */
const REPORT_STATE_CASES: Case[] = [
  ...REPORT_STATES.map((state): Case => ({
    endpoint: `GET /api/progress/:id [${state} report]`,
    method: 'GET',
    prepare: async (f) => ({ path: `/api/progress/${(await f.report(state)).reportId}` }),
    shows: (body) => shownReport(body as ReportView),
    expected: {
      draft: draftOnlyOwn('lead', `draft: ${LEAD_DRAFT}`),
      submitted: seenByAll('lead', `submitted: ${LEAD_DRAFT}`),
      approved: seenByAll('lead', `approved: ${LEAD_DRAFT}`),
      returned: seenByAll('lead', `returned: ${LEAD_DRAFT}`),
      // Revised after its return: the new draft is the lead's again; others see it as returned.
      revised: draftOnlyOwn('lead', `draft: ${LEAD_REVISING}`, `returned: ${LEAD_DRAFT}`),
    }[state],
  })),
  ...REPORT_STATES.map((state): Case => ({
    endpoint: `GET /api/tasks/:id/progress [${state} report]`,
    method: 'GET',
    prepare: async (f) => {
      const { taskId, reportId } = await f.report(state);
      return { path: `/api/tasks/${taskId}/progress`, subjects: [reportId] };
    },
    shows: (body, [id]) => shownReport((body as { items: ReportView[] }).items.find((r) => r.id === id)),
    expected: {
      draft: draftOnlyOwn('lead', `draft: ${LEAD_DRAFT}`, 'unlisted'),
      submitted: seenByAll('lead', `submitted: ${LEAD_DRAFT}`),
      approved: seenByAll('lead', `approved: ${LEAD_DRAFT}`),
      returned: seenByAll('lead', `returned: ${LEAD_DRAFT}`),
      revised: draftOnlyOwn('lead', `draft: ${LEAD_REVISING}`, `returned: ${LEAD_DRAFT}`),
    }[state],
  })),
  ...(['draft', 'submitted', 'revised'] as const).map((state): Case => ({
    endpoint: `GET /api/tasks/:id latestReport [${state} report]`,
    method: 'GET',
    prepare: async (f) => {
      const { taskId, reportId } = await f.report(state);
      return { path: `/api/tasks/${taskId}`, subjects: [reportId] };
    },
    shows: (body, [id]) => {
      const latest = (body as TaskView).latestReport;
      return latest?.id === id ? latest.status : 'unlisted';
    },
    expected: {
      draft: draftOnlyOwn('lead', 'draft', 'unlisted'),
      submitted: seenByAll('lead', 'submitted'),
      revised: draftOnlyOwn('lead', 'draft', 'returned'),
    }[state],
  })),
  ...(['draft', 'revised'] as const).map((state): Case => ({
    endpoint: `GET /api/tasks latestReport [${state} report]`,
    method: 'GET',
    prepare: async (f) => {
      const { taskTitle, reportId } = await f.report(state);
      return { path: `/api/tasks?q=${encodeURIComponent(taskTitle)}`, subjects: [reportId] };
    },
    shows: (body, [id]) => {
      const latest = (body as { items: TaskListItemView[] }).items[0]?.latestReport;
      return latest?.id === id ? latest.status : 'unlisted';
    },
    // The unrelated department gets an empty list, not a 404.
    expected: {
      draft: {
        ...draftOnlyOwn('lead', 'draft', 'unlisted'),
        ...NO_TASK_LISTS,
        other_head: 'unlisted',
        other_staff: 'unlisted',
      },
      revised: {
        ...draftOnlyOwn('lead', 'draft', 'returned'),
        ...NO_TASK_LISTS,
        other_head: 'unlisted',
        other_staff: 'unlisted',
      },
    }[state],
  })),
  ...REPORT_STATES.map((state): Case => ({
    endpoint: `GET /api/attachments/:id [file of the first draft, ${state} report]`,
    method: 'GET',
    prepare: async (f) => ({ path: `/api/attachments/${(await f.report(state)).attachmentId}` }),
    expected: state === 'draft' ? draftOnlyOwn('lead', 200) : seenByAll('lead', 200),
  })),
  {
    endpoint: 'GET /api/attachments/:id [file added to the new draft, revised report]',
    method: 'GET',
    prepare: async (f) => ({ path: `/api/attachments/${(await f.report('revised')).revisedAttachmentId}` }),
    expected: draftOnlyOwn('lead', 200),
  },
  ...REPORT_STATES.map((state): Case => ({
    endpoint: `GET /api/tasks/:id/history [${state} report]`,
    method: 'GET',
    prepare: async (f) => {
      const r = await f.report(state);
      return {
        path: `/api/tasks/${r.taskId}/history`,
        subjects: [r.reportId, r.attachmentId, ...(r.revisedAttachmentId ? [r.revisedAttachmentId] : [])],
      };
    },
    shows: historyOf,
    expected: {
      draft: draftOnlyOwn('lead', 'report.create attachment.upload', '(none)'),
      submitted: byReader('lead', {
        own: 'report.create attachment.upload report.submit',
        readAll: 'report.create attachment.upload report.submit',
        otherDepartments: 'report.submit',
      }),
      approved: byReader('lead', {
        own: 'report.create attachment.upload report.submit report.approve',
        readAll: 'report.create attachment.upload report.submit report.approve',
        otherDepartments: 'report.submit report.approve',
      }),
      returned: byReader('lead', {
        own: 'report.create attachment.upload report.submit report.return',
        readAll: 'report.create attachment.upload report.submit report.return',
        otherDepartments: 'report.submit report.return',
      }),
      revised: byReader('lead', {
        own: 'report.create attachment.upload report.submit report.return report.revise report.update attachment.upload',
        readAll:
          'report.create attachment.upload report.submit report.return report.revise report.update attachment.upload',
        otherDepartments: 'report.submit report.return',
      }),
    }[state],
  })),
  {
    endpoint: 'PATCH /api/progress/:id [revised report]',
    method: 'PATCH',
    prepare: async (f) => ({ path: `/api/progress/${(await f.report('revised')).reportId}`, ifMatch: true }),
    body: { summary: '再改' },
    // Others see it (as returned), so editing it is forbidden rather than unknown.
    expected: leadOnly(200),
  },
];

/** Reading the first co-owner's contribution, its files and its history, in each state. */
const CONTRIBUTION_STATE_CASES: Case[] = [
  ...(['draft', 'submitted'] as const).flatMap((state): Case[] => [
    {
      endpoint: `GET /api/contributions/:id [${state} contribution]`,
      method: 'GET',
      prepare: async (f) => ({ path: `/api/contributions/${(await f.contribution(state)).contributionId}` }),
      expected: state === 'draft' ? draftOnlyOwn('co', 200) : seenByAll('co', 200),
    },
    {
      endpoint: `GET /api/tasks/:id/contributions [${state} contribution]`,
      method: 'GET',
      prepare: async (f) => {
        const c = await f.contribution(state);
        return { path: `/api/tasks/${c.taskId}/contributions`, subjects: [c.contributionId] };
      },
      shows: (body, [id]) => listed(body as ContributionView[], id),
      expected: state === 'draft' ? draftOnlyOwn('co', 'listed', 'unlisted') : seenByAll('co', 'listed'),
    },
    {
      endpoint: `GET /api/attachments/:id [file of a ${state} contribution]`,
      method: 'GET',
      prepare: async (f) => ({ path: `/api/attachments/${(await f.contribution(state)).attachmentId}` }),
      expected: state === 'draft' ? draftOnlyOwn('co', 200) : seenByAll('co', 200),
    },
    {
      endpoint: `GET /api/tasks/:id/history [${state} contribution]`,
      method: 'GET',
      prepare: async (f) => {
        const c = await f.contribution(state);
        return { path: `/api/tasks/${c.taskId}/history`, subjects: [c.contributionId, c.attachmentId] };
      },
      shows: historyOf,
      expected:
        state === 'draft'
          ? draftOnlyOwn('co', 'contribution.create attachment.upload', '(none)')
          : byReader('co', {
              own: 'contribution.create attachment.upload contribution.submit',
              readAll: 'contribution.create attachment.upload contribution.submit',
              otherDepartments: 'contribution.submit',
            }),
    },
    {
      // The period's report lists submitted contributions only, to everyone (their department too).
      endpoint: `GET /api/progress/:id contributions [submitted report, ${state} contribution]`,
      method: 'GET',
      prepare: async (f) => {
        const c = await f.contribution(state);
        return { path: `/api/progress/${await f.submittedReportOn(c.taskId)}`, subjects: [c.contributionId] };
      },
      shows: (body, [id]) => listed((body as ReportView).contributions, id),
      expected: seenByAll('co', state === 'draft' ? 'unlisted' : 'listed'),
    },
  ]),
];

const CASES: Case[] = [
  {
    endpoint: 'GET /api/tasks',
    method: 'GET',
    prepare: async () => ({ path: '/api/tasks' }),
    expected: { anonymous: 401, ...NO_TASK_LISTS, others: 200 },
  },
  {
    endpoint: 'GET /api/tasks/totals',
    method: 'GET',
    prepare: async () => ({ path: '/api/tasks/totals' }),
    expected: { anonymous: 401, ...NO_TASK_LISTS, others: 200 },
  },
  {
    endpoint: 'GET /api/dashboard',
    method: 'GET',
    prepare: async () => ({ path: '/api/dashboard' }),
    expected: { anonymous: 401, ...NO_TASK_LISTS, others: 200 },
  },
  {
    endpoint: 'GET /api/plan-drift',
    method: 'GET',
    prepare: async () => ({ path: '/api/plan-drift' }),
    expected: { anonymous: 401, ...NO_TASK_LISTS, others: 200 },
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
    expected: { anonymous: 401, ...NO_TASKS, committee: 200, other_head: 404, other_staff: 404, others: 403 },
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
    expected: { anonymous: 401, ...NO_TASKS, committee: 200, other_head: 404, other_staff: 404, others: 403 },
  },
  {
    endpoint: 'POST /api/tasks/:id/complete (no final report)',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/tasks/${await f.assignedTask()}/complete` }),
    expected: { anonymous: 401, ...NO_TASKS, committee: 422, other_head: 404, other_staff: 404, others: 403 },
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
    endpoint: 'PATCH /api/progress/:id [draft report]',
    method: 'PATCH',
    prepare: async (f) => ({ path: `/api/progress/${(await f.report('draft')).reportId}`, ifMatch: true }),
    body: { summary: '修改' },
    // Co-owners do not see the lead's draft: 404, not 403.
    expected: writeOwn('lead', { lead_head: 200, lead_staff: 200 }, true),
  },
  {
    endpoint: 'POST /api/progress/:id/submit [draft report]',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/progress/${(await f.report('draft')).reportId}/submit` }),
    expected: writeOwn('lead', { lead_head: 200, lead_staff: 403 }, true),
  },
  {
    endpoint: 'POST /api/progress/:id/ready [draft report]',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/progress/${(await f.report('draft')).reportId}/ready` }),
    // Staff hand a draft to their head; the head submits it and hands nothing over.
    expected: writeOwn('lead', { lead_head: 403, lead_staff: 200 }, true),
  },
  {
    endpoint: 'POST /api/progress/:id/review [submitted report]',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/progress/${(await f.report('submitted')).reportId}/review` }),
    body: { decision: 'approve' },
    expected: { anonymous: 401, ...NO_TASKS, committee: 200, other_head: 404, other_staff: 404, others: 403 },
  },
  {
    endpoint: 'POST /api/progress/:id/revise [returned report]',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/progress/${(await f.report('returned')).reportId}/revise` }),
    expected: leadOnly(200),
  },
  {
    endpoint: 'POST /api/progress/:id/attachments [draft report]',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/progress/${(await f.report('draft')).reportId}/attachments` }),
    multipart: true,
    expected: writeOwn('lead', { lead_head: 201, lead_staff: 201 }, true),
  },
  ...REPORT_STATE_CASES,
  {
    endpoint: 'POST /api/tasks/:id/contributions',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/tasks/${await f.assignedTask()}/contributions` }),
    body: { period: '2021-03', percentComplete: 10, summary: '配合' },
    expected: {
      anonymous: 401,
      ...NO_TASKS,
      co_head: 201,
      co_staff: 201,
      co2_head: 201,
      co2_staff: 201,
      other_head: 404,
      other_staff: 404,
      others: 403,
    },
  },
  {
    endpoint: 'PATCH /api/contributions/:id [draft contribution]',
    method: 'PATCH',
    prepare: async (f) => ({
      path: `/api/contributions/${(await f.contribution('draft')).contributionId}`,
      ifMatch: true,
    }),
    body: { summary: '改' },
    // The lead and the other co-owner do not see it: 404, not 403.
    expected: writeOwn('co', { co_head: 200, co_staff: 200 }, true),
  },
  {
    endpoint: 'POST /api/contributions/:id/submit [draft contribution]',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/contributions/${(await f.contribution('draft')).contributionId}/submit` }),
    expected: writeOwn('co', { co_head: 200, co_staff: 403 }, true),
  },
  {
    endpoint: 'POST /api/contributions/:id/attachments [draft contribution]',
    method: 'POST',
    prepare: async (f) => ({
      path: `/api/contributions/${(await f.contribution('draft')).contributionId}/attachments`,
    }),
    multipart: true,
    expected: writeOwn('co', { co_head: 201, co_staff: 201 }, true),
  },
  ...CONTRIBUTION_STATE_CASES,
  {
    endpoint: 'GET /api/tasks/:id/history',
    method: 'GET',
    prepare: async (f) => ({ path: `/api/tasks/${await f.assignedTask()}/history` }),
    expected: visibleRead,
  },
  // Comments: read by whoever sees the task (or report); written by the committee and the task's
  // departments, never by those who only read (system administrator, auditor).
  {
    endpoint: 'GET /api/tasks/:id/comments',
    method: 'GET',
    prepare: async (f) => ({ path: `/api/tasks/${await f.assignedTask()}/comments` }),
    expected: visibleRead,
  },
  {
    endpoint: 'POST /api/tasks/:id/comments',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/tasks/${await f.assignedTask()}/comments` }),
    body: { text: '请各单位加快推进' },
    expected: { ...visibleRead, admin: 403, auditor: 403, others: 201 },
  },
  {
    endpoint: 'GET /api/tasks/:id/mentionable-users',
    method: 'GET',
    prepare: async (f) => ({ path: `/api/tasks/${await f.assignedTask()}/mentionable-users` }),
    expected: { ...visibleRead, admin: 403, auditor: 403 },
  },
  {
    endpoint: 'GET /api/progress/:id/comments [draft report]',
    method: 'GET',
    prepare: async (f) => ({ path: `/api/progress/${(await f.report('draft')).reportId}/comments` }),
    expected: draftOnlyOwn('lead', 200),
  },
  {
    endpoint: 'POST /api/progress/:id/comments [draft report]',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/progress/${(await f.report('draft')).reportId}/comments` }),
    body: { text: '请补充佐证材料' },
    expected: { ...draftOnlyOwn('lead', 201), admin: 403, auditor: 403 },
  },
  {
    endpoint: 'POST /api/progress/:id/comments [submitted report]',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/progress/${(await f.report('submitted')).reportId}/comments` }),
    body: { text: '已阅' },
    expected: { ...seenByAll('lead', 201), admin: 403, auditor: 403 },
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
    expected: {
      anonymous: 401,
      ...NO_TASKS,
      committee: 201,
      lead_head: 201,
      other_head: 404,
      other_staff: 404,
      others: 403,
    },
  },
  {
    endpoint: 'POST /api/amendments/:id/approve',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/amendments/${await f.proposedAmendment()}/approve` }),
    expected: { anonymous: 401, ...NO_TASKS, committee: 200, other_head: 404, other_staff: 404, others: 403 },
  },
  {
    endpoint: 'POST /api/tasks/:id/accept',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/tasks/${await f.assignedTask()}/accept` }),
    expected: { anonymous: 401, ...NO_TASKS, lead_head: 200, other_head: 404, other_staff: 404, others: 403 },
  },
  {
    endpoint: 'POST /api/tasks/:id/decline',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/tasks/${await f.assignedTask()}/decline` }),
    body: { reason: '不属于本单位职能' },
    expected: { anonymous: 401, ...NO_TASKS, lead_head: 200, other_head: 404, other_staff: 404, others: 403 },
  },
  {
    endpoint: 'POST /api/tasks/:id/insist [declined task]',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/tasks/${await f.declinedTask()}/insist` }),
    body: { comment: '维持交办' },
    expected: { anonymous: 401, ...NO_TASKS, committee: 200, other_head: 404, other_staff: 404, others: 403 },
  },
  {
    endpoint: 'POST /api/tasks/:id/urges',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/tasks/${await f.assignedTask()}/urges` }),
    body: { message: '请加快进度', respondBy: '2021-03-25' },
    expected: { anonymous: 401, ...NO_TASKS, committee: 201, other_head: 404, other_staff: 404, others: 403 },
  },
  {
    endpoint: 'GET /api/tasks/:id/urges',
    method: 'GET',
    prepare: async (f) => ({ path: `/api/tasks/${await f.assignedTask()}/urges` }),
    expected: visibleRead,
  },
  {
    endpoint: 'GET /api/urges',
    method: 'GET',
    prepare: async () => ({ path: '/api/urges?status=open' }),
    expected: { anonymous: 401, ...NO_TASK_LISTS, others: 200 },
  },
  {
    endpoint: 'GET /api/urges/:id',
    method: 'GET',
    prepare: async (f) => ({ path: `/api/urges/${await f.urge()}` }),
    expected: visibleRead,
  },
  {
    endpoint: 'POST /api/urges/:id/acknowledge',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/urges/${await f.urge()}/acknowledge` }),
    expected: leadOnly(200),
  },
  {
    endpoint: 'POST /api/urges/:id/respond',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/urges/${await f.urge()}/respond` }),
    body: { response: '已推进' },
    expected: { anonymous: 401, ...NO_TASKS, lead_head: 200, other_head: 404, other_staff: 404, others: 403 },
  },
  {
    endpoint: 'GET /api/supervision-notices',
    method: 'GET',
    prepare: async () => ({ path: '/api/supervision-notices?colour=yellow' }),
    expected: { anonymous: 401, ...NO_TASK_LISTS, others: 200 },
  },
  {
    endpoint: 'GET /api/supervision-notices/:id',
    method: 'GET',
    prepare: async (f) => ({ path: `/api/supervision-notices/${await f.notice()}` }),
    expected: visibleRead,
  },
  {
    endpoint: 'POST /api/supervision-notices/:id/respond',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/supervision-notices/${await f.notice()}/respond` }),
    body: { response: '已整改' },
    expected: { anonymous: 401, ...NO_TASKS, lead_head: 200, other_head: 404, other_staff: 404, others: 403 },
  },
  {
    endpoint: 'POST /api/tasks/:id/directives',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/tasks/${await f.assignedTask()}/directives` }),
    body: { text: '请抓紧落实', respondBy: '2021-03-31' },
    expected: { anonymous: 401, ...NO_TASKS, committee: 201, other_head: 404, other_staff: 404, others: 403 },
  },
  {
    endpoint: 'POST /api/progress/:id/directives [submitted report]',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/progress/${(await f.report('submitted')).reportId}/directives` }),
    body: { text: '请说明进度', respondBy: '2021-03-31' },
    expected: { anonymous: 401, ...NO_TASKS, committee: 201, other_head: 404, other_staff: 404, others: 403 },
  },
  {
    endpoint: 'GET /api/tasks/:id/directives',
    method: 'GET',
    prepare: async (f) => ({ path: `/api/tasks/${await f.assignedTask()}/directives` }),
    expected: visibleRead,
  },
  {
    endpoint: 'GET /api/directives',
    method: 'GET',
    prepare: async () => ({ path: '/api/directives?status=open' }),
    expected: { anonymous: 401, ...NO_TASK_LISTS, others: 200 },
  },
  {
    endpoint: 'GET /api/directives/:id',
    method: 'GET',
    prepare: async (f) => ({ path: `/api/directives/${await f.directive()}` }),
    expected: visibleRead,
  },
  {
    endpoint: 'POST /api/directives/:id/respond',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/directives/${await f.directive()}/respond` }),
    body: { response: '已落实' },
    expected: { anonymous: 401, ...NO_TASKS, lead_head: 200, other_head: 404, other_staff: 404, others: 403 },
  },
  {
    endpoint: 'POST /api/tasks/:id/close-request [final report approved]',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/tasks/${await f.finishedTask()}/close-request` }),
    body: { summary: '全部完成，申请销号' },
    expected: { anonymous: 401, ...NO_TASKS, lead_head: 200, other_head: 404, other_staff: 404, others: 403 },
  },
  {
    endpoint: 'POST /api/tasks/:id/close-request/reject [requested]',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/tasks/${await f.closeRequestedTask()}/close-request/reject` }),
    body: { reason: '材料不全' },
    expected: { anonymous: 401, ...NO_TASKS, committee: 200, other_head: 404, other_staff: 404, others: 403 },
  },
  {
    endpoint: 'POST /api/close-requests/:id/attachments [requested]',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/close-requests/${(await f.closeOutEvidence()).closeOutId}/attachments` }),
    multipart: true,
    expected: { anonymous: 401, ...NO_TASKS, lead_head: 201, other_head: 404, other_staff: 404, others: 403 },
  },
  {
    endpoint: 'GET /api/attachments/:id [evidence of a close-out request]',
    method: 'GET',
    prepare: async (f) => ({ path: `/api/attachments/${(await f.closeOutEvidence()).attachmentId}` }),
    expected: visibleRead,
  },
  {
    endpoint: 'POST /api/tasks/:id/complete [close-out requested]',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/tasks/${await f.closeRequestedTask()}/complete` }),
    expected: { anonymous: 401, ...NO_TASKS, committee: 200, other_head: 404, other_staff: 404, others: 403 },
  },
  {
    endpoint: 'POST /api/notifications/:id/read (lead staff’s)',
    method: 'POST',
    prepare: async (f) => ({ path: `/api/notifications/${await f.notificationOf('staff.econ')}/read` }),
    expected: { anonymous: 401, lead_staff: 200, others: 404 },
  },
];

describe('Authorization matrix of the workflow (role × department relation × record state × endpoint)', () => {
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

  const as = async <T>(actor: Actor, method: string, path: string, body?: unknown, ifMatch?: number) => {
    const headers: Record<string, string> = ifMatch === undefined ? {} : { 'if-match': `"${ifMatch}"` };
    const result = await api.request<T>(method, path, { token: tokens.get(actor), body, headers });
    if (result.status >= 300)
      throw new Error(`fixture ${method} ${path} as ${actor}: ${result.status} ${JSON.stringify(result.body)}`);
    return result.body;
  };
  const newTask = (title = '创新创业生态') => ({
    workItemCode: 'FA1.3',
    title,
    leadDepartmentId: dept['econ'],
    coDepartmentIds: [dept['sci'], dept['invest']],
    startDate: '2021-03-01',
    dueDate: '2021-12-31',
  });

  async function upload(path: string, token: string | undefined, content: Buffer = PDF) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(content)]), 'evidence.pdf');
    const response = await fetch(`${api.baseUrl}${path}`, {
      method: 'POST',
      headers: token ? { authorization: `Bearer ${token}` } : {},
      body: form,
    });
    return { status: response.status, body: (await response.json()) as unknown };
  }
  const uploaded = async (path: string, actor: Actor, content: Buffer = PDF) => {
    const result = await upload(path, tokens.get(actor), content);
    if (result.status !== 201) throw new Error(`fixture upload to ${path}: ${result.status}`);
    return (result.body as { id: string }).id;
  };

  const fixtures: Fixtures = {
    draftTask: async (title) => (await as<{ id: string }>('committee', 'POST', '/api/tasks', newTask(title))).id,
    assignedTask: async (title) => {
      const id = await fixtures.draftTask(title);
      await as('committee', 'POST', `/api/tasks/${id}/assign`);
      return id;
    },
    report: async (state) => {
      const taskTitle = uniqueName('报告状态');
      const taskId = await fixtures.assignedTask(taskTitle);
      const created = await as<ReportView>('lead_staff', 'POST', `/api/tasks/${taskId}/progress`, {
        period: '2021-03',
        percentComplete: 10,
        summary: LEAD_DRAFT,
      });
      const reportId = created.id;
      const attachmentId = await uploaded(`/api/progress/${reportId}/attachments`, 'lead_staff');
      let revisedAttachmentId: string | null = null;
      if (state !== 'draft') await as('lead_head', 'POST', `/api/progress/${reportId}/submit`);
      if (state === 'approved') {
        await as('committee', 'POST', `/api/progress/${reportId}/review`, { decision: 'approve' });
      }
      if (state === 'returned' || state === 'revised') {
        await as('committee', 'POST', `/api/progress/${reportId}/review`, { decision: 'return', comment: '补充' });
      }
      if (state === 'revised') {
        const revised = await as<ReportView>('lead_staff', 'POST', `/api/progress/${reportId}/revise`);
        await as('lead_staff', 'PATCH', `/api/progress/${reportId}`, { summary: LEAD_REVISING }, revised.version);
        // Another file: the same one twice on one report is 409.
        revisedAttachmentId = await uploaded(
          `/api/progress/${reportId}/attachments`,
          'lead_staff',
          Buffer.concat([PDF, Buffer.from('% revised\n')]),
        );
      }
      return { taskId, taskTitle, reportId, attachmentId, revisedAttachmentId };
    },
    contribution: async (state) => {
      const taskId = await fixtures.assignedTask();
      const created = await as<{ id: string }>('co_staff', 'POST', `/api/tasks/${taskId}/contributions`, {
        period: '2021-03',
        percentComplete: 5,
        summary: CO_DRAFT,
      });
      const attachmentId = await uploaded(`/api/contributions/${created.id}/attachments`, 'co_staff');
      if (state === 'submitted') await as('co_head', 'POST', `/api/contributions/${created.id}/submit`);
      return { taskId, contributionId: created.id, attachmentId };
    },
    submittedReportOn: async (taskId) => {
      const report = await as<{ id: string }>('lead_staff', 'POST', `/api/tasks/${taskId}/progress`, {
        period: '2021-03',
        percentComplete: 10,
        summary: '进展',
      });
      await as('lead_head', 'POST', `/api/progress/${report.id}/submit`);
      return report.id;
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
    declinedTask: async () => {
      const taskId = await fixtures.assignedTask();
      await as('lead_head', 'POST', `/api/tasks/${taskId}/decline`, { reason: '不属于本单位职能' });
      return taskId;
    },
    urge: async () => {
      const taskId = await fixtures.assignedTask();
      return (
        await as<{ id: string }>('committee', 'POST', `/api/tasks/${taskId}/urges`, {
          message: '请加快进度',
          respondBy: '2021-03-25',
        })
      ).id;
    },
    notice: async () => {
      const taskId = await fixtures.assignedTask();
      return (
        await as<{ id: string }>('committee', 'POST', '/api/supervision-notices', {
          taskId,
          colour: 'yellow',
          text: '请限期整改',
          respondBy: '2021-03-31',
        })
      ).id;
    },
    directive: async () => {
      const taskId = await fixtures.assignedTask();
      return (
        await as<{ id: string }>('committee', 'POST', `/api/tasks/${taskId}/directives`, {
          text: '请抓紧落实',
          respondBy: '2021-03-31',
        })
      ).id;
    },
    finishedTask: async () => {
      const taskId = await fixtures.assignedTask();
      const report = await as<{ id: string }>('lead_head', 'POST', `/api/tasks/${taskId}/progress`, {
        period: '2021-03',
        percentComplete: 100,
        summary: '全部完成',
        final: true,
      });
      await as('lead_head', 'POST', `/api/progress/${report.id}/submit`);
      await as('committee', 'POST', `/api/progress/${report.id}/review`, { decision: 'approve' });
      return taskId;
    },
    closeRequestedTask: async () => {
      const taskId = await fixtures.finishedTask();
      await as('lead_head', 'POST', `/api/tasks/${taskId}/close-request`, { summary: '申请销号' });
      return taskId;
    },
    closeOutEvidence: async () => {
      const taskId = await fixtures.closeRequestedTask();
      const task = await as<{ closeOut: { id: string } }>('committee', 'GET', `/api/tasks/${taskId}`);
      const attachmentId = await uploaded(`/api/close-requests/${task.closeOut.id}/attachments`, 'lead_head');
      return { closeOutId: task.closeOut.id, attachmentId };
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

  const rows = CASES.flatMap((c) =>
    ACTORS.map((actor) => [c.endpoint, actor, c.expected[actor] ?? c.expected.others, c] as const),
  );
  // Reads change nothing: their records are made once per case and read by every caller.
  const prepared = new Map<Case, Promise<Prepared>>();

  it.each(rows)('%s as %s → %s', async (_endpoint, actor, expected, c) => {
    let preparation = c.method === 'GET' ? prepared.get(c) : undefined;
    if (!preparation) {
      preparation = c.prepare(fixtures);
      if (c.method === 'GET') prepared.set(c, preparation);
    }
    const { path, ifMatch, subjects = [] } = await preparation;
    let result: { status: number; body: unknown };
    if (c.multipart) {
      // Another file than the fixture's: the same file twice on one record is 409.
      result = await upload(path, tokens.get(actor), Buffer.concat([PDF, Buffer.from(`% ${actor}\n`)]));
    } else {
      const headers: Record<string, string> = {};
      if (ifMatch) {
        const current = await api.request('GET', path, { token: tokens.get('committee') });
        headers['if-match'] = current.headers.get('etag') ?? '"0"';
      }
      const body = c.body === 'newTask' ? newTask() : c.body;
      result = await api.request(c.method, path, { token: tokens.get(actor), body, headers });
    }
    const observed = c.shows && result.status === 200 ? c.shows(result.body, subjects) : result.status;
    expect(observed).toBe(expected);
  });

  describe('the leaks of issue 7, one by one', () => {
    const get = (actor: Actor, path: string) => api.request<unknown>('GET', path, { token: tokens.get(actor) });

    it('the lead department cannot read a co-owner’s draft contribution, its file or its contents in the history', async () => {
      const c = await fixtures.contribution('draft');
      for (const actor of ['lead_head', 'lead_staff'] as const) {
        expect((await get(actor, `/api/contributions/${c.contributionId}`)).status).toBe(404);
        expect((await get(actor, `/api/attachments/${c.attachmentId}`)).status).toBe(404);
        const history = await get(actor, `/api/tasks/${c.taskId}/history`);
        expect(history.status).toBe(200);
        const text = JSON.stringify(history.body);
        expect(text).not.toContain(CO_DRAFT);
        expect(text).not.toContain(c.contributionId);
        expect(text).not.toContain(c.attachmentId);
        expect(JSON.stringify((await get(actor, `/api/tasks/${c.taskId}/contributions`)).body)).not.toContain(CO_DRAFT);
      }
    });

    it('a co-owner cannot read the lead department’s draft report, its file or its contents anywhere', async () => {
      const r = await fixtures.report('draft');
      for (const actor of ['co_head', 'co_staff', 'co2_head'] as const) {
        expect((await get(actor, `/api/progress/${r.reportId}`)).status).toBe(404);
        expect((await get(actor, `/api/attachments/${r.attachmentId}`)).status).toBe(404);
        for (const path of [
          `/api/tasks/${r.taskId}`,
          `/api/tasks/${r.taskId}/progress`,
          `/api/tasks/${r.taskId}/history`,
        ]) {
          const answer = await get(actor, path);
          expect(answer.status).toBe(200);
          expect(JSON.stringify(answer.body)).not.toContain(r.reportId);
        }
      }
    });

    it('co-owner A cannot read co-owner B’s draft contribution or its file, and the unknown look the same', async () => {
      const c = await fixtures.contribution('draft');
      const hidden = await get('co2_head', `/api/contributions/${c.contributionId}`);
      const unknown = await get('co2_head', `/api/contributions/00000000-0000-4000-8000-000000000000`);
      expect(hidden.status).toBe(404);
      expect(hidden.body).toEqual(unknown.body);
      expect((await get('co2_staff', `/api/attachments/${c.attachmentId}`)).status).toBe(404);
    });

    it('a revised report shows other departments its submitted versions, not the new draft or its files', async () => {
      const r = await fixtures.report('revised');
      const seen = await get('co_head', `/api/progress/${r.reportId}`);
      expect(seen.status).toBe(200);
      const report = seen.body as ReportView;
      expect(report).toMatchObject({ status: 'returned', summary: LEAD_DRAFT, reviewComment: '补充' });
      expect(report.versions.map((v) => [v.revision, v.summary, v.decision])).toEqual([[1, LEAD_DRAFT, 'return']]);
      expect(report.attachments.map((a) => a.id)).toEqual([r.attachmentId]);
      expect(JSON.stringify(seen.body)).not.toContain(LEAD_REVISING);
      expect(JSON.stringify((await get('co_staff', `/api/tasks/${r.taskId}/history`)).body)).not.toContain(
        LEAD_REVISING,
      );
      const lead = (await get('lead_staff', `/api/progress/${r.reportId}`)).body as ReportView;
      expect(lead).toMatchObject({ status: 'draft', summary: LEAD_REVISING });
      expect(lead.attachments.map((a) => a.id)).toEqual([r.attachmentId, r.revisedAttachmentId]);
    });

    it('its own department, the committee, the administrator and auditors read a draft and its file', async () => {
      const c = await fixtures.contribution('draft');
      for (const actor of ['co_head', 'co_staff', 'committee', 'admin', 'auditor'] as const) {
        const contribution = await get(actor, `/api/contributions/${c.contributionId}`);
        expect(contribution.status).toBe(200);
        expect(contribution.body).toMatchObject({ summary: CO_DRAFT, status: 'draft' });
        const file = await fetch(`${api.baseUrl}/api/attachments/${c.attachmentId}`, {
          headers: { authorization: `Bearer ${tokens.get(actor) ?? ''}` },
        });
        expect(file.status).toBe(200);
        expect(Buffer.from(await file.arrayBuffer()).equals(PDF)).toBe(true);
        expect(JSON.stringify((await get(actor, `/api/tasks/${c.taskId}/history`)).body)).toContain(CO_DRAFT);
      }
    });

    it('once submitted, the contribution, its file and its submission are everyone’s who sees the task', async () => {
      const c = await fixtures.contribution('submitted');
      for (const actor of ['lead_head', 'co2_staff'] as const) {
        expect((await get(actor, `/api/contributions/${c.contributionId}`)).body).toMatchObject({
          summary: CO_DRAFT,
          status: 'submitted',
        });
        expect((await get(actor, `/api/attachments/${c.attachmentId}`)).status).toBe(200);
      }
    });
  });
});
