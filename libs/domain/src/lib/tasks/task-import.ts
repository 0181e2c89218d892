import * as z from 'zod';
import type { FieldError } from '../common/problem';
import type { ReportingCycle } from '../time/periods';
import { parseInput } from '../validation/parse-input';
import { type CreateTaskInput, createTaskSchema } from './task.schemas';
import { checkTaskPlan } from './task-rules';

/** Limits of one import (413 over the size, 422 over the rows). */
export const TASK_IMPORT_LIMITS = { maxBytes: 5 * 1024 * 1024, maxRows: 2_000 } as const;

/** `POST /api/tasks/import?dryRun=`: a preview unless `false` is said. */
export const importTasksQuerySchema = z.strictObject({
  dryRun: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
});

/** The sheet the template names and the import reads (else the first worksheet). */
export const TASK_IMPORT_SHEET = '任务';

export type TaskImportColumnKey =
  | 'workItem'
  | 'title'
  | 'description'
  | 'leadDepartment'
  | 'coDepartments'
  | 'startDate'
  | 'dueDate'
  | 'reportingCycle';

export interface TaskImportColumn {
  key: TaskImportColumnKey;
  /** The header in the sheet (row 1), matched exactly after trimming. */
  header: string;
  /** The field of `POST /api/tasks` it fills: row errors name these. */
  field: keyof CreateTaskInput;
  required: boolean;
  width: number;
}

/** The template's columns, in order; an imported sheet may order them differently. */
export const TASK_IMPORT_COLUMNS: readonly TaskImportColumn[] = [
  { key: 'workItem', header: '工作事项', field: 'workItemCode', required: true, width: 36 },
  { key: 'title', header: '任务名称', field: 'title', required: true, width: 36 },
  { key: 'description', header: '任务说明', field: 'description', required: false, width: 40 },
  { key: 'leadDepartment', header: '牵头单位', field: 'leadDepartmentId', required: true, width: 24 },
  { key: 'coDepartments', header: '配合单位', field: 'coDepartmentIds', required: false, width: 30 },
  { key: 'startDate', header: '开始日期', field: 'startDate', required: false, width: 14 },
  { key: 'dueDate', header: '完成时限', field: 'dueDate', required: true, width: 14 },
  { key: 'reportingCycle', header: '报送周期', field: 'reportingCycle', required: false, width: 12 },
];

export const REPORTING_CYCLE_LABELS: Record<ReportingCycle, string> = { monthly: '月报', quarterly: '季报' };

/** Text of each column of one sheet row, as read (trimmed; empty when blank). */
export type TaskImportCells = Partial<Record<TaskImportColumnKey, string>>;

export interface TaskImportReference {
  workItems: readonly { code: string; name: string }[];
  /** Active departments only: an inactive one is "unknown" here as in `POST /api/tasks`. */
  departments: readonly { id: string; code: string; name: string }[];
}

/** One row of an import preview: its sheet row number, the task it makes, and what is wrong. */
export interface TaskImportRowView {
  row: number;
  cells: TaskImportCells;
  task: Partial<CreateTaskInput>;
  errors: FieldError[];
}

export interface TaskImportPreview {
  rows: TaskImportRowView[];
  valid: number;
  invalid: number;
}

export interface TaskImportResult {
  taskIds: string[];
  count: number;
}

/** How the template labels a work item in its drop-down: "FA1.1 名称". */
export const workItemLabel = (item: { code: string; name: string }) => `${item.code} ${item.name}`;

const CO_DEPARTMENT_SEPARATORS = /[、,，;；\n]+/;
const CYCLES: Record<string, ReportingCycle> = {
  月报: 'monthly',
  按月: 'monthly',
  每月: 'monthly',
  monthly: 'monthly',
  季报: 'quarterly',
  按季: 'quarterly',
  每季: 'quarterly',
  quarterly: 'quarterly',
};

/**
 * A date as people type it into a sheet — `2026-12-31`, `2026/12/31`, `2026.12.31` or
 * `2026年12月31日` — as `YYYY-MM-DD`; other text unchanged (the schema then names it).
 */
export function normaliseSheetDate(text: string): string {
  const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text);
  if (!match) return text;
  return `${match[1]}-${match[2].padStart(2, '0')}-${match[3].padStart(2, '0')}`;
}

const sameName = (a: string, b: string) =>
  a.normalize('NFC').replace(/\s+/g, '') === b.normalize('NFC').replace(/\s+/g, '');

function findDepartment(reference: TaskImportReference, text: string) {
  return reference.departments.find((d) => sameName(d.name, text) || d.code === text.toLowerCase());
}

/**
 * The `POST /api/tasks` body one sheet row stands for, checked by the same rules as a task made
 * by hand (the schema, then the plan rules): names are looked up in the reference lists, and
 * every problem is named by the field it concerns. `task` is null when the row has an error.
 */
export function taskFromImportRow(
  cells: TaskImportCells,
  reference: TaskImportReference,
): { task: CreateTaskInput | null; draft: Partial<CreateTaskInput>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const text = (key: TaskImportColumnKey) => cells[key]?.trim() ?? '';
  const body: Record<string, unknown> = {};

  const workItem = text('workItem');
  if (workItem) {
    const code = /^(FA\d+\.\d+)(?:\s|$)/i.exec(workItem)?.[1]?.toUpperCase();
    const item = code
      ? reference.workItems.find((w) => w.code === code)
      : reference.workItems.find((w) => sameName(w.name, workItem));
    if (item) body['workItemCode'] = item.code;
    else errors.push({ field: 'workItemCode', code: 'unknown', message: 'No such work item' });
  }
  if (text('title')) body['title'] = cells.title;
  if (text('description')) body['description'] = cells.description;

  const lead = text('leadDepartment');
  if (lead) {
    const department = findDepartment(reference, lead);
    if (department) body['leadDepartmentId'] = department.id;
    else errors.push({ field: 'leadDepartmentId', code: 'unknown', message: 'No such active department' });
  }
  const coNames = text('coDepartments')
    .split(CO_DEPARTMENT_SEPARATORS)
    .map((name) => name.trim())
    .filter(Boolean);
  if (coNames.length) {
    const ids: string[] = [];
    coNames.forEach((name, index) => {
      const department = findDepartment(reference, name);
      if (department) ids.push(department.id);
      else
        errors.push({
          field: `coDepartmentIds.${index}`,
          code: 'unknown',
          message: `No such active department: ${name}`,
        });
    });
    body['coDepartmentIds'] = ids;
  }
  if (text('startDate')) body['startDate'] = normaliseSheetDate(text('startDate'));
  if (text('dueDate')) body['dueDate'] = normaliseSheetDate(text('dueDate'));
  const cycle = text('reportingCycle');
  if (cycle) {
    const value = CYCLES[cycle.toLowerCase()];
    if (value) body['reportingCycle'] = value;
    else errors.push({ field: 'reportingCycle', code: 'invalid_value', message: 'Must be 月报 or 季报' });
  }

  const draft = body as Partial<CreateTaskInput>;
  const parsed = parseInput(createTaskSchema, body);
  if (!parsed.ok) {
    // A name that was not found is reported once, as unknown, not again as missing.
    const named = new Set(errors.map((e) => e.field.split('.')[0]));
    errors.push(...parsed.errors.filter((e) => !named.has(e.field.split('.')[0])));
    return { task: null, draft, errors };
  }
  const input = parsed.value;
  errors.push(
    ...checkTaskPlan({
      leadDepartmentId: input.leadDepartmentId,
      coDepartmentIds: input.coDepartmentIds ?? [],
      startDate: input.startDate ?? null,
      dueDate: input.dueDate,
      milestones: [],
      indicators: [],
    }),
  );
  return { task: errors.length ? null : input, draft: input, errors };
}

/** The preview of rows already read from a sheet. */
export function previewTaskImport(
  rows: readonly { row: number; cells: TaskImportCells }[],
  reference: TaskImportReference,
): TaskImportPreview {
  const views = rows.map(({ row, cells }): TaskImportRowView => {
    const { draft, errors } = taskFromImportRow(cells, reference);
    return { row, cells, task: draft, errors };
  });
  const invalid = views.filter((v) => v.errors.length > 0).length;
  return { rows: views, valid: views.length - invalid, invalid };
}
