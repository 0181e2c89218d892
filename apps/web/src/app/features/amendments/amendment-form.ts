import {
  type AmendmentView,
  createAmendmentSchema,
  type CreateAmendmentInput,
  parseInput,
  type ParseResult,
  type TaskView,
} from '@zibo/domain';
import type { MessageKey } from '../../core/forms/field-error-message';

/** The plan change form: '' / null = leave as it is. One row per indicator and milestone of the task. */
export interface AmendmentFormValues {
  reason: string;
  dueDate: string;
  leadDepartmentId: string;
  indicatorTargets: { indicatorId: string; target: number | null }[];
  milestoneDates: { milestoneId: string; plannedDate: string }[];
}

export function emptyAmendment(task: Pick<TaskView, 'indicators' | 'milestones'>): AmendmentFormValues {
  return {
    reason: '',
    dueDate: '',
    leadDepartmentId: '',
    indicatorTargets: task.indicators.map((i) => ({ indicatorId: i.id, target: null })),
    milestoneDates: task.milestones.map((m) => ({ milestoneId: m.id, plannedDate: '' })),
  };
}

/**
 * The amendment to send: only the fields that really change the plan (a value equal to the current
 * plan is not a change), validated by the api's schema. Errors on list rows name the form row.
 */
export function parseAmendment(
  values: AmendmentFormValues,
  task: Pick<TaskView, 'dueDate' | 'leadDepartmentId' | 'indicators' | 'milestones'>,
): ParseResult<CreateAmendmentInput> {
  const body: Record<string, unknown> = { reason: values.reason };
  if (values.dueDate && values.dueDate !== task.dueDate) {
    body['dueDate'] = values.dueDate;
  }
  if (values.leadDepartmentId && values.leadDepartmentId !== task.leadDepartmentId) {
    body['leadDepartmentId'] = values.leadDepartmentId;
  }
  const targetRows: number[] = [];
  const targets = values.indicatorTargets.flatMap((row, index) => {
    const current = task.indicators.find((i) => i.id === row.indicatorId);
    if (row.target === null || Number.isNaN(row.target) || row.target === current?.target) {
      return [];
    }
    targetRows.push(index);
    return [{ indicatorId: row.indicatorId, target: row.target }];
  });
  if (targets.length) {
    body['indicatorTargets'] = targets;
  }
  const dateRows: number[] = [];
  const dates = values.milestoneDates.flatMap((row, index) => {
    const current = task.milestones.find((m) => m.id === row.milestoneId);
    if (!row.plannedDate || row.plannedDate === current?.plannedDate) {
      return [];
    }
    dateRows.push(index);
    return [{ milestoneId: row.milestoneId, plannedDate: row.plannedDate }];
  });
  if (dates.length) {
    body['milestoneDates'] = dates;
  }
  const parsed = parseInput(createAmendmentSchema, body);
  if (parsed.ok) {
    return parsed;
  }
  return {
    ok: false,
    errors: parsed.errors.map((error) => {
      const match = /^(indicatorTargets|milestoneDates)\.(\d+)\.(.+)$/.exec(error.field);
      if (!match) {
        return error;
      }
      const rows = match[1] === 'indicatorTargets' ? targetRows : dateRows;
      return { ...error, field: `${match[1]}.${rows[Number(match[2])] ?? match[2]}.${match[3]}` };
    }),
  };
}

/** Each change of an amendment as a line: what, before, after (names instead of ids). */
export function amendmentChangeLines(
  amendment: Pick<AmendmentView, 'changes'>,
  task: Pick<TaskView, 'indicators' | 'milestones'>,
  departmentName: (id: string) => string,
): MessageKey[] {
  const { changes } = amendment;
  const lines: MessageKey[] = [];
  if (changes.dueDate) {
    lines.push({ key: 'amendments.change.dueDate', params: { ...changes.dueDate } });
  }
  if (changes.leadDepartmentId) {
    lines.push({
      key: 'amendments.change.lead',
      params: {
        before: departmentName(changes.leadDepartmentId.before),
        after: departmentName(changes.leadDepartmentId.after),
      },
    });
  }
  for (const change of changes.indicatorTargets ?? []) {
    const name = task.indicators.find((i) => i.id === change.indicatorId)?.name ?? change.indicatorId;
    lines.push({ key: 'amendments.change.target', params: { name, before: change.before, after: change.after } });
  }
  for (const change of changes.milestoneDates ?? []) {
    const name = task.milestones.find((m) => m.id === change.milestoneId)?.title ?? change.milestoneId;
    lines.push({ key: 'amendments.change.milestone', params: { name, before: change.before, after: change.after } });
  }
  return lines;
}
