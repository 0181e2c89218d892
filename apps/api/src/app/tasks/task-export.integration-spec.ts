import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { csvRecords } from '../exports';
import type { DashboardView, Page, RankingView, TaskListItemView } from '@zibo/domain';
import { FixedClock } from '../../core/clock';
import { type ApiInstance, TestWorld, departmentIds, signIn } from '../../../test/test-app';

describe('Excel and CSV export of lists', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let committee: string;
  let headEcon: string;
  let dept: Record<string, string>;

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api({}, new FixedClock(new Date('2026-03-10T10:00:00+08:00')));
    committee = await signIn(api, 'committee');
    headEcon = await signIn(api, 'head.econ');
    dept = await departmentIds(world);
    const titles = [
      '=HYPERLINK("http://evil.example","点我")',
      '招商任务乙',
      '+招商任务丙',
      '科技任务丁',
      '招商任务戊',
    ];
    for (const [index, title] of titles.entries()) {
      const created = await api.request<{ id: string }>('POST', '/api/tasks', {
        token: committee,
        body: {
          workItemCode: index === 3 ? 'FA3.1' : 'FA2.2',
          title,
          leadDepartmentId: index === 3 ? dept['sci'] : dept['econ'],
          coDepartmentIds: index === 1 ? [dept['sci']] : [],
          startDate: '2026-01-01',
          dueDate: `2026-${String(index + 6).padStart(2, '0')}-01`,
        },
      });
      expect(created.status).toBe(201);
      if (index !== 4) await api.request('POST', `/api/tasks/${created.body.id}/assign`, { token: committee });
    }
  });
  afterAll(() => world.close());

  const download = async (path: string, token: string) => {
    const response = await fetch(`${api.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, headers: response.headers, content: Buffer.from(await response.arrayBuffer()) };
  };
  const sheetRows = async (content: Buffer) => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    workbook.worksheets[0]?.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return rows;
  };
  /** CSV records after the byte-order mark. */
  const parse = async (content: Buffer) => {
    const records: string[][] = [];
    for await (const record of csvRecords(Readable.from([content.subarray(3)]))) records.push(record);
    return records;
  };
  const listIds = async (query: string, token: string) =>
    (await api.request<Page<TaskListItemView>>('GET', `/api/tasks?limit=500&${query}`, { token })).body.items;

  it('the task list as XLSX holds every matching task of the list, in its order, limit and cursor ignored', async () => {
    const list = await listIds('focusArea=FA2', committee);
    expect(list).toHaveLength(4);
    const file = await download('/api/tasks?focusArea=FA2&limit=1&format=xlsx', committee);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('spreadsheetml');
    expect(file.headers.get('content-disposition')).toContain('tasks.xlsx');
    const [header, ...rows] = await sheetRows(file.content);
    expect(header?.slice(0, 4)).toEqual(['工作事项编号', '工作事项', '任务名称', '牵头单位']);
    expect(rows.map((r) => r[15])).toEqual(list.map((t) => t.id));
    expect(rows.map((r) => r[2])).toEqual(list.map((t) => (/^[=+\-@]/.test(t.title) ? `'${t.title}` : t.title)));
    const formula = rows.find((r) => String(r[2]).includes('HYPERLINK'));
    expect(formula?.[2]).toBe(`'=HYPERLINK("http://evil.example","点我")`);
    expect(rows.find((r) => r[2] === '招商任务乙')?.slice(3, 6)).toEqual(['经济发展局', '科技创新局', '已下发']);
  });

  it('as CSV: UTF-8 with a byte-order mark, Chinese headers, the same rows', async () => {
    const list = await listIds('focusArea=FA2', committee);
    const file = await download('/api/tasks?focusArea=FA2&format=csv', committee);
    expect(file.status).toBe(200);
    expect(file.content.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const [header, ...rows] = await parse(file.content);
    expect(header?.[2]).toBe('任务名称');
    expect(rows.map((r) => r[15])).toEqual(list.map((t) => t.id));
    expect(rows.some((r) => r[2] === "'+招商任务丙")).toBe(true);
  });

  it('is scoped like the list: a department head gets their department’s non-draft tasks only', async () => {
    const list = await listIds('', headEcon);
    const rows = (await sheetRows((await download('/api/tasks?format=xlsx', headEcon)).content)).slice(1);
    expect(rows.map((r) => r[15])).toEqual(list.map((t) => t.id));
    expect(rows.map((r) => r[2])).not.toContain('招商任务戊');
    expect(rows.map((r) => r[2])).not.toContain('科技任务丁');
  });

  it('the ranking as XLSX has one row per department of the JSON', async () => {
    const json = await api.request<RankingView>('GET', '/api/ranking?period=2026-02', { token: committee });
    const file = await download('/api/ranking?period=2026-02&format=xlsx', committee);
    expect(file.status).toBe(200);
    const [header, ...rows] = await sheetRows(file.content);
    expect(header?.slice(0, 4)).toEqual(['排名', '部门代码', '部门', '得分']);
    expect(rows.map((r) => r[1])).toEqual(json.body.items.map((i) => i.code));
  });

  it('a dashboard table as XLSX or CSV, chosen with table=; format without table is 400', async () => {
    const json = (await api.request<DashboardView>('GET', '/api/dashboard', { token: committee })).body;
    const departments = (
      await sheetRows((await download('/api/dashboard?format=xlsx&table=departments', committee)).content)
    ).slice(1);
    expect(departments.map((r) => [r[1], r[2]])).toEqual([
      ...json.byDepartment.map((d) => [d.name, d.tasks]),
      ['合计', json.totals.tasks],
    ]);
    const areas = await download('/api/dashboard?format=csv&table=focusAreas', committee);
    const rows = (await parse(areas.content)).slice(1);
    expect(rows).toHaveLength(json.byFocusArea.length + 1);
    expect(rows.at(-1)?.slice(1, 3)).toEqual(['合计', String(json.totals.tasks)]);
    expect((await api.request('GET', '/api/dashboard?format=xlsx', { token: committee })).status).toBe(400);
    expect((await api.request('GET', '/api/dashboard?format=pdf&table=overdue', { token: committee })).status).toBe(
      400,
    );
  });
});
