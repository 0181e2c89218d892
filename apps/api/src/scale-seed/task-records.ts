import { indicatorPlanOf } from '@zibo/domain';
import type { TimelineEvent } from './audit-timeline';
import type { CopyValue } from './copy-writer';
import type { SeedCalendar } from './seed-calendar';
import type { SeededRandom } from './seeded-random';
import type { ScalePlan, SeedMilestone, SeedTask, SeedUser, Staff } from './scale-plan';

export const DEPARTMENT_COLUMNS = ['id', 'code', 'name', 'name_en', 'created_at', 'updated_at'] as const;
export const USER_COLUMNS = [
  'id',
  'username',
  'display_name',
  'role',
  'department_id',
  'password_hash',
  // The accounts share the demo password: like the demo accounts, usable without MFA only while DEMO_DATA is on.
  'demo',
  'created_at',
  'updated_at',
] as const;
export const TASK_COLUMNS = [
  'id',
  'work_item_code',
  'title',
  'description',
  'lead_department_id',
  'start_date',
  'due_date',
  'baseline_due_date',
  'reporting_cycle',
  'status',
  'assigned_at',
  'closed_at',
  'cancel_reason',
  'created_by_id',
  'version',
  'created_at',
  'updated_at',
] as const;
export const CO_DEPARTMENT_COLUMNS = ['task_id', 'department_id'] as const;
export const MILESTONE_COLUMNS = [
  'id',
  'task_id',
  'position',
  'title',
  'planned_date',
  'baseline_planned_date',
  'done_date',
] as const;
export const INDICATOR_COLUMNS = [
  'id',
  'task_id',
  'position',
  'name',
  'unit',
  'baseline',
  'target',
  'baseline_target',
  'direction',
] as const;
export const AMENDMENT_COLUMNS = [
  'id',
  'task_id',
  'status',
  'reason',
  'changes',
  'proposed_by_id',
  'proposed_at',
  'decided_by_id',
  'decided_at',
  'decision_comment',
  'version',
] as const;

export interface TaskRows {
  task: CopyValue[];
  coDepartments: CopyValue[][];
  milestones: CopyValue[][];
  indicators: CopyValue[][];
  amendments: CopyValue[][];
  events: TimelineEvent[];
}

const milestoneView = (milestones: SeedMilestone[], doneUpTo: number) =>
  milestones.map((m) => ({
    id: m.id,
    title: m.title,
    plannedDate: m.plannedDate,
    doneDate: m.doneAt !== null && m.doneAt <= doneUpTo ? m.doneDate : null,
  }));

/**
 * A task's rows and its own audit events, as tasks.service and amendments.service write them: the
 * committee creates it (the full audited plan), assigns it; the lead head marks milestones done;
 * amendments are proposed and decided; the committee completes or cancels it. `firstSubmitAt`
 * (from the counting pass) says whether it was in progress, and `task.start` is the report's.
 */
export function taskRows(task: SeedTask, staff: Staff, firstSubmitAt: number | null): TaskRows {
  const committee = staff.committee;
  const head = staff.headOf(task.leadDepartmentId);
  const lead = task.leadDepartmentId;
  const draft = task.outcome === 'draft';
  const events: TimelineEvent[] = [];
  const taskEvent = (at: number, actor: SeedUser, action: string, change: Partial<TimelineEvent>) =>
    events.push({ at, actor, action, entityType: 'task', entityId: task.id, departmentId: lead, ...change });
  const plan = (dueDate: string, doneUpTo: number) => ({
    workItemCode: task.workItemCode,
    title: task.title,
    description: task.description,
    leadDepartmentId: lead,
    coDepartmentIds: [...task.coDepartmentIds].sort(),
    startDate: task.startDate,
    dueDate,
    reportingCycle: task.reportingCycle,
    status: 'draft',
    milestones: milestoneView(task.milestones, doneUpTo),
    indicators: task.indicators.map(indicatorPlanOf),
  });

  let version = 1;
  let updatedAt = task.createdAt;
  taskEvent(task.createdAt, committee, 'task.create', { after: plan(task.assignedDueDate, -1) });
  if (task.assignedAt !== null) {
    version += 1;
    updatedAt = task.assignedAt;
    taskEvent(task.assignedAt, committee, 'task.assign', {
      before: { status: 'draft' },
      after: { status: 'assigned' },
    });
  }
  for (const milestone of task.milestones) {
    if (milestone.doneAt === null || draft) continue;
    version += 1;
    updatedAt = Math.max(updatedAt, milestone.doneAt);
    taskEvent(milestone.doneAt, head, 'task.update', {
      before: { milestones: milestoneView(task.milestones, milestone.doneAt - 1) },
      after: { milestones: milestoneView(task.milestones, milestone.doneAt) },
    });
  }
  const amendments: CopyValue[][] = [];
  const amendment = task.amendment;
  if (amendment) {
    const changes = { dueDate: amendment.dueDate };
    const amendmentEvent = (at: number, actor: SeedUser, action: string, change: Partial<TimelineEvent>) =>
      events.push({
        at,
        actor,
        action,
        entityType: 'amendment',
        entityId: amendment.id,
        departmentId: lead,
        ...change,
      });
    amendmentEvent(amendment.proposedAt, head, 'amendment.propose', {
      after: { taskId: task.id, reason: amendment.reason, changes },
    });
    if (amendment.decidedAt !== null) {
      amendmentEvent(
        amendment.decidedAt,
        committee,
        `amendment.${amendment.status === 'approved' ? 'approve' : 'reject'}`,
        {
          before: { status: 'proposed' },
          after: {
            status: amendment.status,
            taskId: task.id,
            comment: amendment.decisionComment,
            ...(amendment.status === 'approved' ? { changes } : {}),
          },
        },
      );
    }
    amendments.push([
      amendment.id,
      task.id,
      amendment.status,
      amendment.reason,
      changes,
      head.id,
      new Date(amendment.proposedAt),
      amendment.decidedAt === null ? null : committee.id,
      amendment.decidedAt === null ? null : new Date(amendment.decidedAt),
      amendment.decisionComment,
      amendment.decidedAt === null ? 1 : 2,
    ]);
  }
  if (firstSubmitAt !== null) {
    version += 1;
    updatedAt = Math.max(updatedAt, firstSubmitAt);
  }
  if (task.closedAt !== null) {
    const started = firstSubmitAt !== null && firstSubmitAt < task.closedAt;
    version += 1;
    updatedAt = task.closedAt;
    if (task.outcome === 'completed') {
      taskEvent(task.closedAt, committee, 'task.complete', {
        before: { status: 'in_progress' },
        after: { status: 'completed' },
      });
    } else {
      taskEvent(task.closedAt, committee, 'task.cancel', {
        before: { status: started ? 'in_progress' : 'assigned' },
        after: { status: 'cancelled', reason: task.cancelReason },
      });
    }
  }

  const status =
    task.outcome === 'draft'
      ? 'draft'
      : task.outcome === 'completed' || task.outcome === 'cancelled'
        ? task.outcome
        : firstSubmitAt !== null
          ? 'in_progress'
          : 'assigned';
  return {
    task: [
      task.id,
      task.workItemCode,
      task.title,
      task.description,
      lead,
      task.startDate,
      task.dueDate,
      draft ? null : task.assignedDueDate,
      task.reportingCycle,
      status,
      task.assignedAt === null ? null : new Date(task.assignedAt),
      task.closedAt === null ? null : new Date(task.closedAt),
      task.cancelReason,
      committee.id,
      version,
      new Date(task.createdAt),
      new Date(updatedAt),
    ],
    coDepartments: task.coDepartmentIds.map((id) => [task.id, id]),
    milestones: task.milestones.map((m) => [
      m.id,
      task.id,
      m.position,
      m.title,
      m.plannedDate,
      draft ? null : m.plannedDate,
      draft ? null : m.doneDate,
    ]),
    indicators: task.indicators.map((i) => [
      i.id,
      task.id,
      i.position,
      i.name,
      i.unit,
      i.baseline,
      i.target,
      draft ? null : i.target,
      i.direction,
    ]),
    amendments,
    events,
  };
}

/**
 * The system going into use: the first administrator from the command line (admin:create), then
 * the departments and accounts the administrator made, as users.service and departments.service
 * record them.
 */
export function setupEvents(plan: ScalePlan, staff: Staff): TimelineEvent[] {
  const admin = staff.admin;
  let at = plan.origin;
  const next = () => (at += 40_000);
  const userAfter = (u: SeedUser) => ({
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    departmentId: u.departmentId,
    locked: false,
    language: 'zh-CN',
  });
  const events: TimelineEvent[] = [
    {
      at,
      actor: null,
      action: 'user.create',
      entityType: 'user',
      entityId: admin.id,
      departmentId: null,
      after: { ...userAfter(admin), via: 'admin:create' },
      ip: null,
    },
  ];
  for (const department of plan.departments) {
    events.push({
      at: next(),
      actor: admin,
      action: 'department.create',
      entityType: 'department',
      entityId: department.id,
      departmentId: department.id,
      after: { code: department.code, name: department.name, nameEn: department.nameEn, active: true },
    });
  }
  for (const user of plan.users) {
    if (user === admin) continue;
    events.push({
      at: next(),
      actor: admin,
      action: 'user.create',
      entityType: 'user',
      entityId: user.id,
      departmentId: user.departmentId,
      after: userAfter(user),
    });
  }
  return events;
}

/** Sign-ins (and a few failed ones) at working times within [from, to), as auth.service records them. */
export function signInEvents(
  count: number,
  from: number,
  to: number,
  users: SeedUser[],
  calendar: SeedCalendar,
  random: SeededRandom,
): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (let i = 0; i < count; i++) {
    let at = calendar.workingTime(random.between(from, to), random);
    if (at >= to || at < from) at = random.between(from, to);
    const user = random.pick(users);
    if (random.chance(0.02)) {
      events.push({
        at,
        actor: null,
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: user.id,
        departmentId: user.departmentId,
        after: { username: user.username, failures: 1 },
        ip: user.ip,
      });
    } else {
      events.push({
        at,
        actor: user,
        action: 'auth.login',
        entityType: 'user',
        entityId: user.id,
        departmentId: user.departmentId,
      });
    }
  }
  return events;
}

/** Splits `total` over weights in proportion, in whole numbers that add up exactly. */
export function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0 || total <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((value, index) => ({ index, rest: value - Math.floor(value) }))
    .sort((a, b) => b.rest - a.rest);
  for (const { index } of order) {
    if (left-- <= 0) break;
    counts[index] = (counts[index] ?? 0) + 1;
  }
  return counts;
}
