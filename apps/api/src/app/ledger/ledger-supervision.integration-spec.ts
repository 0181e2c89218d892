import ExcelJS from 'exceljs';
import type { LedgerTaskView, LedgerView, SupervisionNoticeView, TaskView, UrgeView } from '@zibo/domain';
import { FixedClock } from '../../core/clock';
import { type ApiInstance, TestWorld, departmentIds, signIn } from '../../../test/test-app';
import { pdfText } from '../../../test/pdf-text';

const at = (local: string) => new Date(`${local}+08:00`);

describe('督办台账: receipt, urges and notices of a task in the ledger and its exports', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let committee: string;
  let headEcon: string;
  let dept: Record<string, string>;
  let task: TaskView;
  let urge: UrgeView;
  let notice: SupervisionNoticeView;
  const clock = new FixedClock(at('2026-09-24T10:00:00'));

  const post = async <T>(path: string, token: string, body?: unknown) => {
    const result = await api.request<T>('POST', path, { token, body });
    expect([200, 201]).toContain(result.status);
    return result.body;
  };
  const download = async (path: string) => {
    const response = await fetch(`${api.baseUrl}${path}`, { headers: { authorization: `Bearer ${committee}` } });
    expect(response.status).toBe(200);
    return Buffer.from(await response.arrayBuffer());
  };
  const lineOf = (view: LedgerView): LedgerTaskView | undefined =>
    view.departments.find((d) => d.code === 'econ')?.tasks.find((t) => t.taskId === task.id);

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api({}, clock);
    [committee, headEcon] = await Promise.all(['committee', 'head.econ'].map((u) => signIn(api, u)));
    dept = await departmentIds(world);

    const created = await post<TaskView>('/api/tasks', committee, {
      workItemCode: 'FA3.1',
      title: '孵化器二期建设',
      leadDepartmentId: dept['econ'],
      startDate: '2026-09-01',
      dueDate: '2026-12-31',
    });
    task = await post<TaskView>(`/api/tasks/${created.id}/assign`, committee);
    // 退办, 维持交办, then 签收.
    clock.set(at('2026-09-25T10:00:00'));
    await post(`/api/tasks/${task.id}/decline`, headEcon, { reason: '不属于本单位职责' });
    clock.set(at('2026-09-28T10:00:00'));
    await post(`/api/tasks/${task.id}/insist`, committee, { comment: '请牵头推进' });
    clock.set(at('2026-09-29T10:00:00'));
    await post(`/api/tasks/${task.id}/accept`, headEcon);

    // October: an urge, answered, and a yellow notice left unanswered past its date.
    clock.set(at('2026-10-12T10:00:00'));
    urge = await post<UrgeView>(`/api/tasks/${task.id}/urges`, committee, {
      message: '请报送主体结构施工进度',
      respondBy: '2026-10-16',
    });
    clock.set(at('2026-10-14T10:00:00'));
    await post(`/api/urges/${urge.id}/respond`, headEcon, { response: '主体结构已封顶' });
    clock.set(at('2026-10-20T10:00:00'));
    notice = await post<SupervisionNoticeView>('/api/supervision-notices', committee, {
      taskId: task.id,
      colour: 'yellow',
      text: '进度滞后，请制定赶工计划',
      respondBy: '2026-10-23',
    });
    clock.set(at('2026-11-10T10:00:00'));
  });
  afterAll(() => world.close());

  it('shows the receipt as it stands and the urges and notices of the month, with their answers', async () => {
    const october = await api.request<LedgerView>('GET', '/api/ledger?period=2026-10', { token: committee });
    expect(october.status).toBe(200);
    const line = lineOf(october.body);
    expect(line?.receipt).toMatchObject({
      acceptedAt: at('2026-09-29T10:00:00').toISOString(),
      declinedAt: at('2026-09-25T10:00:00').toISOString(),
      declineReason: '不属于本单位职责',
      insistedAt: at('2026-09-28T10:00:00').toISOString(),
      insistComment: '请牵头推进',
    });
    expect(line?.urges).toEqual([
      expect.objectContaining({
        id: urge.id,
        message: '请报送主体结构施工进度',
        respondBy: '2026-10-16',
        level: 1,
        automatic: false,
        status: 'answered',
        response: '主体结构已封顶',
      }),
    ]);
    expect(line?.notices).toEqual([
      expect.objectContaining({
        id: notice.id,
        number: notice.number,
        colour: 'yellow',
        status: 'overdue',
        response: null,
      }),
    ]);
    // September's ledger has the receipt but none of October's urges and notices.
    const september = await api.request<LedgerView>('GET', '/api/ledger?period=2026-09', { token: committee });
    expect(lineOf(september.body)?.urges).toEqual([]);
    expect(lineOf(september.body)?.notices).toEqual([]);
    expect(lineOf(september.body)?.receipt.declineReason).toBe('不属于本单位职责');
  });

  it('carries them in the XLSX and the PDF', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await download('/api/ledger?period=2026-10&format=xlsx')) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('台账');
    const header = (sheet?.getRow(1).values ?? []) as unknown[];
    const column = (title: string) => header.indexOf(title);
    expect(column('签收情况')).toBeGreaterThan(0);
    const row = [...Array(sheet?.rowCount ?? 0).keys()]
      .map((i) => sheet?.getRow(i + 1))
      .find((r) => r?.getCell(3).value === '孵化器二期建设');
    expect(String(row?.getCell(column('签收情况')).value)).toMatch(
      /^退办 2026-09-25：不属于本单位职责；维持交办 2026-09-28：请牵头推进；已签收 2026-09-29 \S+$/,
    );
    expect(String(row?.getCell(column('催办（级别 状态 答复）')).value)).toBe(
      '2026-10-12 1级 已答复 请报送主体结构施工进度 答复：主体结构已封顶',
    );
    expect(String(row?.getCell(column('督办单（文号 颜色 状态 答复）')).value)).toBe(
      `${notice.number} 黄色督办 逾期未复 进度滞后，请制定赶工计划`,
    );

    const text = pdfText(await download(`/api/ledger?period=2026-10&department=${dept['econ']}&format=pdf`));
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain('签收/催办/督办单');
    expect(flat).toContain('退办2026-09-25');
    expect(flat).toContain('主体结构已封顶');
    expect(flat).toContain(notice.number);
    expect(flat).toContain('黄色督办');
  });
});
