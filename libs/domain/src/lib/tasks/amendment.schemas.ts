import * as z from 'zod';
import { optionalText, requiredText, uuidSchema } from '../validation/common.schemas';
import { businessDateSchema } from './task.schemas';

/** A plan change of an assigned task: at least one change, always with a reason. */
export const createAmendmentSchema = z
  .strictObject({
    reason: requiredText(1000),
    dueDate: businessDateSchema.optional(),
    leadDepartmentId: uuidSchema.optional(),
    indicatorTargets: z
      .array(z.strictObject({ indicatorId: uuidSchema, target: z.number({ message: 'Must be a number' }).finite() }))
      .max(20)
      .optional(),
    milestoneDates: z
      .array(z.strictObject({ milestoneId: uuidSchema, plannedDate: businessDateSchema }))
      .max(50)
      .optional(),
  })
  .refine(
    (v) =>
      v.dueDate !== undefined ||
      v.leadDepartmentId !== undefined ||
      (v.indicatorTargets?.length ?? 0) > 0 ||
      (v.milestoneDates?.length ?? 0) > 0,
    { message: 'Name at least one plan change', path: ['dueDate'], params: { code: 'no_change' } },
  );
export type CreateAmendmentInput = z.output<typeof createAmendmentSchema>;

export const decideAmendmentSchema = z.strictObject({ comment: optionalText(1000).optional() });

export type AmendmentStatus = 'proposed' | 'approved' | 'rejected';

export interface PlanChangesView {
  dueDate?: { before: string; after: string };
  leadDepartmentId?: { before: string; after: string };
  indicatorTargets?: { indicatorId: string; before: number; after: number }[];
  milestoneDates?: { milestoneId: string; before: string; after: string }[];
}

export interface AmendmentView {
  id: string;
  taskId: string;
  status: AmendmentStatus;
  reason: string;
  changes: PlanChangesView;
  proposedById: string;
  proposedAt: string;
  decidedById: string | null;
  decidedAt: string | null;
  decisionComment: string | null;
  version: number;
}

export interface PlanDriftView {
  taskId: string;
  title: string;
  workItemCode: string;
  leadDepartmentId: string;
  status: string;
  baselineDueDate: string;
  dueDate: string;
  /** Days the due date moved (positive = later). */
  dueDateDriftDays: number;
  milestonesMoved: number;
  targetsChanged: number;
  amendments: number;
}
