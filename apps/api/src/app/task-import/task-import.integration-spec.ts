import ExcelJS from 'exceljs';
import type { Problem, TaskImportPreview, TaskImportResult, TaskView } from '@zibo/domain';
import { FixedClock } from '../../core/clock';
import { type ApiInstance, TestWorld, signIn } from '../../../test/test-app';
import { postSheet, taskRow, taskSheet, zipBomb } from '../../../test/task-sheets';

describe('Excel import of tasks', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let committee: string;
  let headEcon: string;

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api({}, new FixedClock(new Date('2026-03-10T10:00:00+08:00')));
    committee = await signIn(api, 'committee');
    headEcon = await signIn(api, 'head.econ');
  });
  afterAll(() => world.close());

  const stored = async () => {
    const [row] = await world.sql<{ tasks: number; events: number }>(
      `SELECT (SELECT count(*) FROM task)::int AS tasks, (SELECT count(*) FROM audit_event WHERE action = 'task.create')::int AS events`,
    );
    return row;
  };

  describe('the template', () => {
    it('is an XLSX with the Chinese headers, drop-downs of the 30 work items and the departments, and instructions', async () => {
      const response = await fetch(`${api.baseUrl}/api/tasks/import/template`, {
        headers: { authorization: `Bearer ${committee}` },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('spreadsheetml');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await response.arrayBuffer());
      expect(workbook.worksheets.map((s) => s.name)).toEqual(['任务', '选项', '填写说明']);
      const sheet = workbook.getWorksheet('任务');
      expect(sheet?.getRow(1).values).toEqual([
        undefined,
        '工作事项',
        '任务名称',
        '任务说明',
        '牵头单位',
        '配合单位',
        '开始日期',
        '完成时限',
        '报送周期',
      ]);
      expect(sheet?.getCell('A2').dataValidation).toMatchObject({ type: 'list', formulae: ['选项!$A$2:$A$31'] });
      expect(sheet?.getCell('D2001').dataValidation).toMatchObject({ type: 'list', formulae: ['选项!$B$2:$B$9'] });
      const lists = workbook.getWorksheet('选项');
      const workItems = lists?.getColumn(1).values.slice(2);
      expect(workItems).toHaveLength(30);
      expect(workItems?.[0]).toMatch(/^FA1\.1 /);
      expect(lists?.getColumn(2).values.slice(2)).toContain('经济发展局');
      expect(workbook.getWorksheet('填写说明')?.rowCount).toBeGreaterThan(8);
    });

    it('is the committee’s', async () => {
      const response = await api.request('GET', '/api/tasks/import/template', { token: headEcon });
      expect(response.status).toBe(403);
    });
  });

  describe('a sheet with one bad row', () => {
    const rows = () => [
      taskRow({ title: '导入任务甲' }),
      taskRow({ title: '导入任务乙', leadDepartment: '不存在局', dueDate: '年底' }),
      taskRow({ title: '导入任务丙', reportingCycle: '季报', coDepartments: null }),
    ];

    it('previews every row with its errors by default, storing nothing', async () => {
      const before = await stored();
      const result = await postSheet(api, committee, await taskSheet(rows()));
      expect(result.status).toBe(200);
      const preview = result.body as TaskImportPreview;
      expect(preview).toMatchObject({ valid: 2, invalid: 1 });
      expect(preview.rows.map((r) => [r.row, r.cells.title, r.errors.map((e) => `${e.field}:${e.code}`)])).toEqual([
        [2, '导入任务甲', []],
        [3, '导入任务乙', ['leadDepartmentId:unknown', 'dueDate:invalid_format']],
        [4, '导入任务丙', []],
      ]);
      expect(preview.rows[2]?.task).toMatchObject({ workItemCode: 'FA2.2', reportingCycle: 'quarterly' });
      expect(await stored()).toEqual(before);
    });

    it('refuses the real run whole (422 naming the row), storing nothing', async () => {
      const before = await stored();
      const result = await postSheet(api, committee, await taskSheet(rows()), { dryRun: false });
      expect(result.status).toBe(422);
      expect((result.body as Problem).errors?.map((e) => e.field)).toEqual([
        'rows.3.leadDepartmentId',
        'rows.3.dueDate',
      ]);
      expect(await stored()).toEqual(before);
    });

    it('once fixed, creates every row as a draft task, each audited with the file’s hash, once per Idempotency-Key', async () => {
      const before = await stored();
      const fixed = rows();
      fixed[1] = taskRow({
        title: '导入任务乙',
        leadDepartment: '科技创新局',
        dueDate: '2026/11/30',
        coDepartments: null,
      });
      const file = await taskSheet(fixed);
      const first = await postSheet(api, committee, file, { dryRun: false, key: 'import-1' });
      expect(first.status).toBe(201);
      const result = first.body as TaskImportResult;
      expect(result.count).toBe(3);
      expect(await stored()).toEqual({ tasks: before.tasks + 3, events: before.events + 3 });

      const task = await api.request<TaskView>('GET', `/api/tasks/${result.taskIds[1] ?? ''}`, { token: committee });
      expect(task.body).toMatchObject({ title: '导入任务乙', status: 'draft', dueDate: '2026-11-30' });
      const events = await world.sql<{ entity_id: string; sha256: string | null; actor_role: string }>(
        `SELECT entity_id, sha256, actor_role FROM audit_event WHERE action = 'task.create' AND entity_id = ANY($1)`,
        [result.taskIds],
      );
      expect(events).toHaveLength(3);
      expect(new Set(events.map((e) => e.sha256)).size).toBe(1);
      expect(events[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);

      const replay = await postSheet(api, committee, file, { dryRun: false, key: 'import-1' });
      expect(replay.status).toBe(201);
      expect(replay.body).toEqual(first.body);
      expect((await stored()).tasks).toBe(before.tasks + 3);
      const other = await postSheet(api, committee, await taskSheet([taskRow()]), { dryRun: false, key: 'import-1' });
      expect(other.status).toBe(422);
      expect((await stored()).tasks).toBe(before.tasks + 3);
    });
  });

  describe('files it refuses, storing nothing', () => {
    const cases: [string, number, string | null, () => Promise<Buffer> | Buffer][] = [
      ['a file that is not an XLSX', 415, null, () => Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\n')],
      ['text named .xlsx', 415, null, () => Buffer.from('工作事项,任务名称\nFA1.1,x\n')],
      ['a zip bomb', 422, 'too_large', () => zipBomb()],
      ['a damaged workbook', 422, 'unreadable', async () => (await taskSheet([taskRow()])).subarray(0, 600)],
      ['formulas', 422, 'formula', () => taskSheet([taskRow({ title: { formula: 'HYPERLINK("http://evil","x")' } })])],
      ['a sheet without the title column', 422, 'missing_column', () => taskSheet([['FA1.1']], ['工作事项'])],
      ['more than 2,000 rows', 422, 'too_many_rows', () => taskSheet(Array.from({ length: 2_001 }, () => taskRow()))],
      ['an empty sheet', 422, 'empty', () => taskSheet([])],
    ];

    it.each(cases)('%s → %i', async (_name, status, code, make) => {
      const before = await stored();
      const result = await postSheet(api, committee, await make(), { dryRun: false });
      expect(result.status).toBe(status);
      expect(result.headers.get('content-type')).toContain('application/problem+json');
      if (code) expect((result.body as Problem).errors?.[0]?.code).toBe(code);
      expect(await stored()).toEqual(before);
    });

    it('a file over 5 MB → 413', async () => {
      const result = await postSheet(api, committee, Buffer.alloc(5 * 1024 * 1024 + 1, 1));
      expect(result.status).toBe(413);
    });

    it('a huge cell is that row’s error, not a failure', async () => {
      const result = await postSheet(api, committee, await taskSheet([taskRow({ title: '长'.repeat(30_000) })]));
      expect(result.status).toBe(200);
      expect((result.body as TaskImportPreview).rows[0]?.errors.map((e) => e.code)).toEqual(['too_big']);
    });

    it('no file, or another field → 400; another role → 403', async () => {
      expect((await api.request('POST', '/api/tasks/import', { token: committee, body: {} })).status).toBe(400);
      const file = await taskSheet([taskRow()]);
      expect((await postSheet(api, committee, file, { field: 'upload' })).status).toBe(400);
      expect((await postSheet(api, headEcon, file)).status).toBe(403);
      expect((await postSheet(api, undefined, file)).status).toBe(401);
    });
  });
});
