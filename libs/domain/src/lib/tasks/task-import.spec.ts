import { type TaskImportCells, normaliseSheetDate, previewTaskImport, taskFromImportRow } from './task-import';

const ECON = '11111111-1111-4111-8111-111111111111';
const SCI = '22222222-2222-4222-8222-222222222222';
const reference = {
  workItems: [
    { code: 'FA1.1', name: '招商引资' },
    { code: 'FA2.3', name: '科技创新' },
  ],
  departments: [
    { id: ECON, code: 'econ', name: '经济发展局' },
    { id: SCI, code: 'sci', name: '科技创新局' },
  ],
};
const row = (overrides: TaskImportCells = {}): TaskImportCells => ({
  workItem: 'FA1.1 招商引资',
  title: '引进重点项目',
  leadDepartment: '经济发展局',
  dueDate: '2026-12-31',
  ...overrides,
});
const fields = (cells: TaskImportCells) =>
  taskFromImportRow(cells, reference).errors.map((e) => `${e.field}:${e.code}`);

describe('A task from an import row', () => {
  it('becomes the body of POST /api/tasks, names looked up', () => {
    expect(
      taskFromImportRow(
        row({ coDepartments: '科技创新局', startDate: '2026/1/5', reportingCycle: '季报', description: '说明' }),
        reference,
      ),
    ).toEqual({
      task: {
        workItemCode: 'FA1.1',
        title: '引进重点项目',
        description: '说明',
        leadDepartmentId: ECON,
        coDepartmentIds: [SCI],
        startDate: '2026-01-05',
        dueDate: '2026-12-31',
        reportingCycle: 'quarterly',
      },
      draft: expect.objectContaining({ title: '引进重点项目' }) as unknown,
      errors: [],
    });
  });

  it.each<[string, TaskImportCells, string[]]>([
    ['a work item by its name alone', row({ workItem: '科技创新' }), []],
    ['a department by its code', row({ leadDepartment: 'econ' }), []],
    ['an unknown work item', row({ workItem: 'FA9.9 不存在' }), ['workItemCode:unknown']],
    ['an unknown lead department', row({ leadDepartment: '不存在局' }), ['leadDepartmentId:unknown']],
    ['an unknown co-owner, by position', row({ coDepartments: '科技创新局、无名局' }), ['coDepartmentIds.1:unknown']],
    ['the lead also co-owning', row({ coDepartments: '经济发展局' }), ['coDepartmentIds:includes_lead']],
    ['a missing title', row({ title: '' }), ['title:invalid_type']],
    ['a title over 200 characters', row({ title: '长'.repeat(201) }), ['title:too_big']],
    ['a date that is no date', row({ dueDate: '年底' }), ['dueDate:invalid_format']],
    ['a due date before the start', row({ startDate: '2027-01-01' }), ['dueDate:before_start']],
    ['an unknown reporting cycle', row({ reportingCycle: '年报' }), ['reportingCycle:invalid_value']],
    ['control characters in the title', row({ title: 'a\u0007b' }), ['title:invalid_characters']],
  ])('%s', (_case, cells, expected) => {
    expect(fields(cells)).toEqual(expected);
  });
});

describe('Sheet dates', () => {
  it.each([
    ['2026-12-31', '2026-12-31'],
    ['2026/1/5', '2026-01-05'],
    ['2026.01.05', '2026-01-05'],
    ['2026年1月5日', '2026-01-05'],
    ['明年', '明年'],
  ])('%s → %s', (text, expected) => expect(normaliseSheetDate(text)).toBe(expected));
});

describe('An import preview', () => {
  it('counts valid and invalid rows and keeps the sheet row numbers', () => {
    const preview = previewTaskImport(
      [
        { row: 2, cells: row() },
        { row: 4, cells: row({ leadDepartment: '' }) },
      ],
      reference,
    );
    expect(preview).toMatchObject({ valid: 1, invalid: 1 });
    expect(preview.rows.map((r) => [r.row, r.errors.map((e) => e.field)])).toEqual([
      [2, []],
      [4, ['leadDepartmentId']],
    ]);
  });
});
