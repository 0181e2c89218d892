import * as z from 'zod';
import { TEXT_LIMITS } from '../common/text-limits';
import { pageQueryShape } from '../common/paging.schemas';
import { INDICATOR_DIRECTIONS, INDICATOR_UNIT_CODES } from '../indicators/indicator-rules';
import { REPORTING_CYCLES } from '../time/periods';
import { optionalText, requiredText, uuidSchema } from '../validation/common.schemas';
import { dateSchema } from '../validation/date-range';
import { TASK_STATUSES } from './task-state-machine';
import { RAG_STATUSES } from '../rag/rag-status';
import { TASK_DEFAULT_SORT, TASK_SORT_KEYS, sortQuerySchema } from '../common/list-sort';

/** Files a list can be downloaded as (`?format=`). */
export const LIST_EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ListExportFormat = (typeof LIST_EXPORT_FORMATS)[number];

/** A calendar date in the business time zone, 1900–2100. */
export const businessDateSchema = dateSchema;
export const workItemCodeSchema = z.string().regex(/^FA[1-8]\.[1-9]$/, 'Must be a work item code such as FA1.1');
const indicatorValue = z.number({ message: 'Must be a number' }).finite('Must be a number');

export const milestonePlanSchema = z.strictObject({
  title: requiredText(TEXT_LIMITS.title),
  plannedDate: businessDateSchema,
});

export const indicatorPlanSchema = z.strictObject({
  name: requiredText(TEXT_LIMITS.name),
  unit: z.enum(INDICATOR_UNIT_CODES),
  baseline: indicatorValue,
  target: indicatorValue,
  direction: z.enum(INDICATOR_DIRECTIONS),
});

const coDepartments = z
  .array(uuidSchema)
  .max(20, 'At most 20 co-owning departments')
  .refine((ids) => new Set(ids).size === ids.length, {
    params: { code: 'duplicate' },
    message: 'Each department once',
  });

export const createTaskSchema = z.strictObject({
  workItemCode: workItemCodeSchema,
  title: requiredText(TEXT_LIMITS.title),
  description: optionalText(TEXT_LIMITS.longText).optional(),
  leadDepartmentId: uuidSchema,
  coDepartmentIds: coDepartments.optional(),
  startDate: businessDateSchema.nullable().optional(),
  dueDate: businessDateSchema,
  reportingCycle: z.enum(REPORTING_CYCLES).optional(),
  milestones: z.array(milestonePlanSchema).max(50).optional(),
  indicators: z.array(indicatorPlanSchema).max(20).optional(),
});
export type CreateTaskInput = z.output<typeof createTaskSchema>;

/**
 * PATCH of a task. While `draft`, any field (milestones and indicators replace the lists; items with
 * an `id` keep it). After assignment, plan fields change only through amendments (422), and a lead
 * department head may only set milestone done dates.
 */
export const updateTaskSchema = z
  .strictObject({
    title: requiredText(TEXT_LIMITS.title).optional(),
    description: optionalText(TEXT_LIMITS.longText).optional(),
    workItemCode: workItemCodeSchema.optional(),
    leadDepartmentId: uuidSchema.optional(),
    coDepartmentIds: coDepartments.optional(),
    startDate: businessDateSchema.nullable().optional(),
    dueDate: businessDateSchema.optional(),
    reportingCycle: z.enum(REPORTING_CYCLES).optional(),
    milestones: z
      .array(
        z.strictObject({
          id: uuidSchema.optional(),
          title: requiredText(TEXT_LIMITS.title).optional(),
          plannedDate: businessDateSchema.optional(),
          doneDate: businessDateSchema.nullable().optional(),
        }),
      )
      .max(50)
      .optional(),
    indicators: z
      .array(indicatorPlanSchema.partial().extend({ id: uuidSchema.optional() }).strict())
      .max(20)
      .optional(),
  })
  .refine((value) => Object.keys(value).length > 0, { message: 'Nothing to change' });
export type UpdateTaskInput = z.output<typeof updateTaskSchema>;

export const cancelTaskSchema = z.strictObject({ reason: requiredText(1000) });
export const emptyActionSchema = z.strictObject({ comment: optionalText(TEXT_LIMITS.longText).optional() });

/** The task list's filters: the same on the list, its download and its totals. */
const taskFilterShape = {
  focusArea: z
    .string()
    .regex(/^FA[1-8]$/, 'Must be FA1 … FA8')
    .optional(),
  workItem: workItemCodeSchema.optional(),
  /** Lead or co-owning department. */
  department: uuidSchema.optional(),
  /** Lead department only. */
  leadDepartment: uuidSchema.optional(),
  status: z.enum(TASK_STATUSES).optional(),
  rag: z.enum(RAG_STATUSES).optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  q: optionalText(TEXT_LIMITS.name).optional(),
};

export const listTasksQuerySchema = z.strictObject({
  ...pageQueryShape,
  ...taskFilterShape,
  /** `dueDate` (default), `-dueDate`, … (TASK_SORT_KEYS); the cursor belongs to the sort it was made under. */
  sort: sortQuerySchema(TASK_SORT_KEYS, TASK_DEFAULT_SORT),
  /** A file of every matching task (limit and cursor ignored) instead of a page. */
  format: z.enum(LIST_EXPORT_FORMATS).optional(),
});
export type ListTasksQuery = z.output<typeof listTasksQuerySchema>;

/** `GET /api/tasks/totals`: the list's filters, nothing else (no paging, order or format). */
export const taskTotalsQuerySchema = z.strictObject(taskFilterShape);
export type TaskTotalsQuery = z.output<typeof taskTotalsQuerySchema>;
