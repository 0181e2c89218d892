import {
  type Page,
  type RagInput,
  type ReportView,
  type StatusSnapshotView,
  type TaskView,
  computeRag,
} from '@zibo/domain';
import { FixedClock } from '../../core/clock';
import { type ApiInstance, TestWorld, departmentIds, signIn } from '../../../test/test-app';
import { SnapshotService } from './snapshot.service';

const sh = (local: string) => new Date(`${local}+08:00`);

/** Dates in a stored computeRag() input are ISO strings: turn them back into Dates. */
function revive(inputs: Record<string, unknown>): RagInput {
  const raw = inputs as unknown as RagInput & { assignedAt: string | null; now: string };
  return {
    ...raw,
    assignedAt: raw.assignedAt ? new Date(raw.assignedAt) : null,
    now: new Date(raw.now),
    reports: (raw.reports as unknown as Record<string, string | number | null>[]).map((r) => ({
      ...(r as unknown as RagInput['reports'][number]),
      firstSubmittedAt: r['firstSubmittedAt'] ? new Date(r['firstSubmittedAt'] as string) : null,
      submittedAt: r['submittedAt'] ? new Date(r['submittedAt'] as string) : null,
    })),
  };
}

describe('Status snapshots', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let second: ApiInstance;
  let committee: string;
  let headEcon: string;
  let headParty: string;
  let auditor: string;
  let dept: Record<string, string>;
  const clock = new FixedClock(sh('2021-03-10T10:00:00'));

  beforeAll(async () => {
    world = await TestWorld.create();
    // Two api processes on one database, like a scaled deployment.
    api = await world.api({}, clock);
    second = await world.api({}, clock);
    [committee, headEcon, headParty, auditor] = await Promise.all(
      ['committee', 'head.econ', 'head.party', 'auditor'].map((u) => signIn(api, u)),
    );
    dept = await departmentIds(world);
  });
  afterAll(() => world.close());

  async function assignedTask(title: string, lead: string, dueDate = '2021-12-31'): Promise<TaskView> {
    const created = await api.request<TaskView>('POST', '/api/tasks', {
      token: committee,
      body: { workItemCode: 'FA2.1', title, leadDepartmentId: dept[lead], startDate: '2021-03-01', dueDate },
    });
    expect(created.status).toBe(201);
    return (await api.request<TaskView>('POST', `/api/tasks/${created.body.id}/assign`, { token: committee })).body;
  }

  async function submitReport(taskId: string, token: string, period: string, percentComplete: number) {
    const draft = await api.request<ReportView>('POST', `/api/tasks/${taskId}/progress`, {
      token,
      body: { period, percentComplete, summary: `${period} 进展` },
    });
    expect(draft.status).toBe(201);
    const submitted = await api.request<ReportView>('POST', `/api/progress/${draft.body.id}/submit`, { token });
    expect(submitted.status).toBe(200);
    return submitted.body;
  }

  const snapshotsOf = (taskId: string, token = committee) =>
    api.request<Page<StatusSnapshotView>>('GET', `/api/tasks/${taskId}/snapshots`, { token });

  let onTime: TaskView;
  let silent: TaskView;
  let dueApril: TaskView;

  it('are taken once per (task, period) when a period closes, even by two processes at the same moment', async () => {
    onTime = await assignedTask('按时报送的任务', 'econ');
    silent = await assignedTask('一直未报送的任务', 'econ');
    dueApril = await assignedTask('四月二十日到期的任务', 'econ', '2021-04-20');
    const completedEarly = await assignedTask('三月即办结的任务', 'party');
    const draft = await api.request<TaskView>('POST', '/api/tasks', {
      token: committee,
      body: { workItemCode: 'FA2.1', title: '草稿', leadDepartmentId: dept['econ'], dueDate: '2021-12-31' },
    });
    clock.set(sh('2021-03-25T10:00:00'));
    await submitReport(onTime.id, headEcon, '2021-03', 10);
    const finalReport = await api.request<ReportView>('POST', `/api/tasks/${completedEarly.id}/progress`, {
      token: headParty,
      body: { period: '2021-03', percentComplete: 100, summary: '完成', final: true },
    });
    await api.request('POST', `/api/progress/${finalReport.body.id}/submit`, { token: headParty });
    await api.request('POST', `/api/progress/${finalReport.body.id}/review`, {
      token: committee,
      body: { decision: 'approve' },
    });
    // 办结销号: the lead head requests close-out, the committee signs it off.
    await api.request('POST', `/api/tasks/${completedEarly.id}/close-request`, {
      token: headParty,
      body: { summary: '全部完成' },
    });
    expect(
      (await api.request<TaskView>('POST', `/api/tasks/${completedEarly.id}/complete`, { token: committee })).body
        .status,
    ).toBe('completed');

    // Before March's deadline (00:00 on 6 April) nothing is due.
    clock.set(sh('2021-04-05T23:59:00'));
    expect(await api.app.get(SnapshotService).takeDue()).toBe(0);

    clock.set(sh('2021-04-06T00:30:00'));
    const written = await Promise.all([
      api.app.get(SnapshotService).takeDue(),
      second.app.get(SnapshotService).takeDue(),
      api.app.get(SnapshotService).takeDue(),
      second.app.get(SnapshotService).takeDue(),
    ]);
    expect(written.reduce((a, b) => a + b, 0)).toBe(3);
    const rows = await world.sql<{ task_id: string; period: string; taken_at: Date; compliance: string }>(
      'SELECT task_id, period, taken_at, compliance FROM status_snapshot ORDER BY task_id',
    );
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => r.task_id))).toEqual(new Set([onTime.id, silent.id, dueApril.id]));
    expect(rows.every((r) => r.period === '2021-03')).toBe(true);
    // Taken "at" the close: the deadline, whenever the row was written.
    expect(rows.every((r) => r.taken_at.getTime() === sh('2021-04-06T00:00:00').getTime())).toBe(true);
    expect(rows.find((r) => r.task_id === onTime.id)?.compliance).toBe('on_time');
    expect(rows.find((r) => r.task_id === silent.id)?.compliance).toBe('missing');
    // Nothing for the draft, nor for the task completed before the deadline.
    expect(rows.some((r) => r.task_id === draft.body.id || r.task_id === completedEarly.id)).toBe(false);

    // Once taken, never again; and the rows are append-only.
    expect(await second.app.get(SnapshotService).takeDue()).toBe(0);
    await expect(world.sql("UPDATE status_snapshot SET rag = 'green'")).rejects.toThrow();
  });

  it('keeps a task red in the April snapshot after it turns green, even when taken only later', async () => {
    // April closes (00:00 on 6 May) with March and April both missing: red.
    clock.set(sh('2021-05-07T10:00:00'));
    expect((await api.request<TaskView>('GET', `/api/tasks/${silent.id}`, { token: committee })).body.rag).toBe('red');

    // Both reports come in late, before anyone took April's snapshot: the task turns green…
    clock.set(sh('2021-05-08T10:00:00'));
    await submitReport(silent.id, headEcon, '2021-03', 15);
    await submitReport(silent.id, headEcon, '2021-04', 25);
    const now = (await api.request<TaskView>('GET', `/api/tasks/${silent.id}`, { token: committee })).body;
    expect(now).toMatchObject({ rag: 'green', percentComplete: 25 });
    // Meanwhile another task, overdue since 20 April, gets a later due date.
    const amended = await api.request('POST', `/api/tasks/${dueApril.id}/amendments`, {
      token: committee,
      body: { reason: '征地延期', dueDate: '2021-09-30' },
    });
    expect(amended.status).toBe(201);

    // …but April's snapshot, taken now, says what computeRag() said at the deadline.
    const list = await snapshotsOf(silent.id);
    expect(list.status).toBe(200);
    expect(list.body.nextCursor).toBeNull();
    expect(list.body.items.map((s) => [s.period, s.rag, s.compliance])).toEqual([
      ['2021-03', 'amber', 'missing'],
      ['2021-04', 'red', 'missing'],
    ]);
    const april = list.body.items[1];
    expect(april).toMatchObject({
      takenAt: sh('2021-05-06T00:00:00').toISOString(),
      status: 'assigned',
      overdue: false,
      percentComplete: 0,
      reasons: ['two_periods_missing', 'last_period_missing', 'behind_schedule'],
    });
    expect(april.inputs).toMatchObject({
      now: sh('2021-05-06T00:00:00').toISOString(),
      reports: [],
      dueDate: '2021-12-31',
    });
    expect(typeof april.inputs['recordedAt']).toBe('string');
    // "Why was this red in April": the stored input gives the same answer again.
    expect(computeRag(revive(april.inputs))).toMatchObject({
      rag: april.rag,
      reasons: april.reasons,
      percentComplete: april.percentComplete,
      expectedPercent: april.expectedPercent,
    });

    const onTimeList = (await snapshotsOf(onTime.id)).body.items;
    expect(onTimeList.map((s) => [s.period, s.status, s.percentComplete, s.compliance])).toEqual([
      ['2021-03', 'in_progress', 10, 'on_time'],
      ['2021-04', 'in_progress', 10, 'missing'],
    ]);
  });

  it('records the due date in force at the close, not one amended later', async () => {
    const live = (await api.request<TaskView>('GET', `/api/tasks/${dueApril.id}`, { token: committee })).body;
    expect(live).toMatchObject({ dueDate: '2021-09-30', overdue: false });
    const april = (await snapshotsOf(dueApril.id)).body.items.find((s) => s.period === '2021-04');
    expect(april).toMatchObject({ rag: 'red', overdue: true, expectedPercent: 100 });
    expect(april?.reasons[0]).toBe('overdue');
    expect(april?.inputs['dueDate']).toBe('2021-04-20');
  });

  it('are scoped like the task: hidden tasks are 404, visible ones readable by department and auditor', async () => {
    expect((await snapshotsOf(silent.id, headEcon)).status).toBe(200);
    expect((await snapshotsOf(silent.id, auditor)).status).toBe(200);
    expect((await snapshotsOf(silent.id, headParty)).status).toBe(404);
    expect((await snapshotsOf('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await api.request('GET', `/api/tasks/${silent.id}/snapshots`)).status).toBe(401);
    expect((await api.request('GET', `/api/tasks/${silent.id}/snapshots?limit=0`, { token: committee })).status).toBe(
      400,
    );
  });

  it('pages with a cursor, oldest period first', async () => {
    const first = await api.request<Page<StatusSnapshotView>>('GET', `/api/tasks/${silent.id}/snapshots?limit=1`, {
      token: committee,
    });
    expect(first.body.items.map((s) => s.period)).toEqual(['2021-03']);
    const next = await api.request<Page<StatusSnapshotView>>(
      'GET',
      `/api/tasks/${silent.id}/snapshots?limit=1&cursor=${first.body.nextCursor}`,
      { token: committee },
    );
    expect(next.body.items.map((s) => s.period)).toEqual(['2021-04']);
  });
});
