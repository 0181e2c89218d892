import {
  type BusinessDate,
  type IndicatorDirection,
  type IndicatorUnit,
  type Period,
  type ReportingCycle,
  type Role,
  comparePeriods,
  firstOwedPeriod,
  periodsBetween,
  previousPeriod,
} from '@zibo/domain';
import { DEMO_DEPARTMENTS, demoAccounts } from '../app/demo';
import { DAY, type SeedCalendar } from './seed-calendar';
import { SeededRandom } from './seeded-random';
import {
  AMENDMENT_REASONS,
  CANCEL_REASONS,
  EXTRA_DEPARTMENTS,
  INDICATOR_TEMPLATES,
  MILESTONE_TITLES,
  TASK_STEMS,
  TITLE_QUALIFIERS,
} from './sample-text';

const MONTH = 30.44 * DAY;

export interface SeedDepartment {
  id: string;
  code: string;
  name: string;
  nameEn: string;
}

export interface SeedUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  departmentId: string | null;
  /** The address this person's requests come from (audit `ip`). */
  ip: string;
}

export interface SeedMilestone {
  id: string;
  position: number;
  title: string;
  plannedDate: BusinessDate;
  doneDate: BusinessDate | null;
  /** When the lead head marked it done (a task.update event). */
  doneAt: number | null;
}

export interface SeedIndicator {
  id: string;
  position: number;
  name: string;
  unit: IndicatorUnit;
  baseline: number;
  target: number;
  direction: IndicatorDirection;
}

export interface SeedAmendment {
  id: string;
  status: 'proposed' | 'approved' | 'rejected';
  reason: string;
  dueDate: { before: BusinessDate; after: BusinessDate };
  proposedAt: number;
  decidedAt: number | null;
  decisionComment: string | null;
}

/**
 * How the last closed period of an open task went, so that every RAG light and every report state
 * has examples whenever the data set is built (like the demo stories).
 */
export type Story =
  'on_track' | 'behind' | 'last_missing' | 'two_missing' | 'returned_twice' | 'awaiting_review' | 'late';

export type SlotRole = 'history' | 'last_closed' | 'current' | 'final';

/** A (task, period) that gets a report. */
export interface SeedSlot {
  period: Period;
  role: SlotRole;
}

export type TaskOutcome = 'draft' | 'open' | 'completed' | 'cancelled';

export interface SeedTask {
  index: number;
  id: string;
  workItemCode: string;
  focusArea: string;
  title: string;
  description: string;
  leadDepartmentId: string;
  coDepartmentIds: string[];
  startDate: BusinessDate | null;
  /** The due date now (after an approved amendment, if any). */
  dueDate: BusinessDate;
  /** The due date at assignment. */
  assignedDueDate: BusinessDate;
  reportingCycle: ReportingCycle;
  outcome: TaskOutcome;
  createdAt: number;
  assignedAt: number | null;
  closedAt: number | null;
  cancelReason: string | null;
  story: Story;
  /** Reported percent relative to the schedule (≈1 on track, ≈0.5 behind). */
  pace: number;
  milestones: SeedMilestone[];
  indicators: SeedIndicator[];
  amendment: SeedAmendment | null;
  slots: SeedSlot[];
  /** Owed periods left without a report (missing), beyond the story's. */
  droppable: Period[];
  /** Lifecycles after this instant did not happen (now, or when the task closed). */
  cut: number;
}

export interface ScalePlan {
  departments: SeedDepartment[];
  users: SeedUser[];
  tasks: SeedTask[];
  /** Months of history the tasks span, fitted to the requested number of reports. */
  historyMonths: number;
  /** When the system went into use: accounts and departments were created then. */
  origin: number;
  reports: number;
}

export interface PlanRequest {
  departments: number;
  tasks: number;
  reports: number;
  seed: number;
}

/** Users by role and department, for picking actors. */
export class Staff {
  readonly committee: SeedUser;
  readonly admin: SeedUser;
  readonly auditor: SeedUser;
  private readonly heads = new Map<string, SeedUser>();
  private readonly staff = new Map<string, SeedUser>();

  constructor(readonly users: SeedUser[]) {
    const byName = (name: string) => {
      const user = users.find((u) => u.username === name);
      if (!user) throw new Error(`no ${name} account`);
      return user;
    };
    this.committee = byName('committee');
    this.admin = byName('admin');
    this.auditor = byName('auditor');
    for (const user of users) {
      if (user.role === 'dept_head' && user.departmentId) this.heads.set(user.departmentId, user);
      if (user.role === 'dept_staff' && user.departmentId) this.staff.set(user.departmentId, user);
    }
  }

  headOf(departmentId: string): SeedUser {
    const head = this.heads.get(departmentId);
    if (!head) throw new Error(`no head for department ${departmentId}`);
    return head;
  }

  staffOf(departmentId: string): SeedUser {
    const staff = this.staff.get(departmentId);
    if (!staff) throw new Error(`no staff for department ${departmentId}`);
    return staff;
  }
}

export function planDepartments(count: number, random: SeededRandom): SeedDepartment[] {
  const samples = [...DEMO_DEPARTMENTS, ...EXTRA_DEPARTMENTS];
  return Array.from({ length: count }, (_, i) => {
    const sample = samples[i];
    return {
      id: random.uuid(),
      code: sample?.code ?? `unit${i + 1}`,
      name: sample?.name ?? `第${i + 1 - samples.length}专项工作组`,
      nameEn: sample?.nameEn ?? `Task force ${i + 1 - samples.length}`,
    };
  });
}

/** The demo accounts (docs/rules.md) for the demo departments, then a head and staff for each other one. */
export function planUsers(departments: SeedDepartment[], random: SeededRandom): SeedUser[] {
  const byCode = new Map(departments.map((d, i) => [d.code, { department: d, index: i }]));
  const accounts = [
    ...demoAccounts().filter((a) => !a.departmentCode || byCode.has(a.departmentCode)),
    ...departments
      .filter((d) => !DEMO_DEPARTMENTS.some((demo) => demo.code === d.code))
      .flatMap((d): ReturnType<typeof demoAccounts> => [
        {
          username: `head.${d.code}`,
          displayName: `${d.name}负责人`,
          role: 'dept_head',
          departmentCode: d.code,
        },
        {
          username: `staff.${d.code}`,
          displayName: `${d.name}填报员`,
          role: 'dept_staff',
          departmentCode: d.code,
        },
      ]),
  ];
  return accounts.map((account, i) => {
    const home = account.departmentCode ? byCode.get(account.departmentCode) : undefined;
    return {
      id: random.uuid(),
      username: account.username,
      displayName: account.displayName,
      role: account.role,
      departmentId: home?.department.id ?? null,
      ip: home ? `10.20.${home.index + 1}.${(i % 200) + 20}` : `10.10.0.${(i % 200) + 20}`,
    };
  });
}

/**
 * Tasks whose story is fixed, every 50 tasks, so that every state and light has examples however
 * small the data set: a draft, a task assigned days ago, and open tasks for each story.
 */
const EXAMPLES: Readonly<Record<number, Story | 'draft' | 'fresh'>> = {
  10: 'draft',
  11: 'fresh',
  12: 'returned_twice',
  13: 'awaiting_review',
  14: 'two_missing',
  15: 'last_missing',
  16: 'behind',
  17: 'late',
};

const WORK_ITEMS: Record<string, number> = { FA1: 3, FA2: 3, FA3: 5, FA4: 3, FA5: 4, FA6: 4, FA7: 4, FA8: 4 };

/**
 * Tasks over `historyMonths` of history, each with its schedule, outcome, co-owners, milestones,
 * indicators, an occasional amendment and the periods it reported on. Deterministic for a seed.
 */
export function planTasks(
  request: PlanRequest,
  departments: SeedDepartment[],
  calendar: SeedCalendar,
  historyMonths: number,
): SeedTask[] {
  const random = new SeededRandom(request.seed ^ 0x5eed);
  const now = calendar.now;
  const today = calendar.date(now);
  const tasks: SeedTask[] = [];
  for (let index = 0; index < request.tasks; index++) {
    const focusArea = `FA${(index % 8) + 1}`;
    const workItemCode = `${focusArea}.${random.int(1, WORK_ITEMS[focusArea] ?? 3)}`;
    const lead = random.pick(departments);
    const others = departments.filter((d) => d.id !== lead.id);
    const coCount = random.chance(0.45) ? random.int(1, Math.min(3, others.length)) : 0;
    const title = `${random.pick(TASK_STEMS[focusArea] ?? [])}${random.pick(TITLE_QUALIFIERS)}`;
    const cycle: ReportingCycle = random.chance(0.15) ? 'quarterly' : 'monthly';
    const outcomeDraw = random.next();
    const base = {
      index,
      id: random.uuid(),
      workItemCode,
      focusArea,
      title,
      description: `${title}。牵头单位：${lead.name}。`,
      leadDepartmentId: lead.id,
      coDepartmentIds: random.sample(others, coCount).map((d) => d.id),
      reportingCycle: cycle,
      cancelReason: null,
      story: 'on_track' as Story,
      pace: random.between(0.95, 1.12),
      amendment: null,
      slots: [],
      droppable: [],
    };

    const example = EXAMPLES[index % 50];
    if (outcomeDraw < 0.03 || example === 'draft') {
      // Still being drafted by the committee: no assignment, no reports.
      const createdAt = calendar.workingTime(now - random.between(1, 45) * DAY, random);
      const startDate = calendar.date(now + random.between(5, 60) * DAY);
      const dueDate = calendar.addMonths(startDate, random.int(6, 24));
      tasks.push({
        ...base,
        startDate,
        dueDate,
        assignedDueDate: dueDate,
        outcome: 'draft',
        createdAt: Math.min(createdAt, now - DAY),
        assignedAt: null,
        closedAt: null,
        milestones: planMilestones(random, startDate, dueDate, now, calendar),
        indicators: planIndicators(random),
        cut: now,
      });
      continue;
    }

    // A few were assigned only days ago (nothing reported yet), most long ago.
    let assignedAt = Math.min(
      calendar.workingTime(now - random.between(0.003, 1) * historyMonths * MONTH, random),
      now - DAY,
    );
    if (example === 'fresh')
      assignedAt = Math.min(calendar.workingTime(now - random.between(2, 12) * DAY, random), now - DAY);
    else if (example) assignedAt = Math.min(assignedAt, now - 5 * MONTH);
    const createdAt = calendar.workingTime(assignedAt - random.between(2, 30) * DAY, random);
    const assignedDate = calendar.date(assignedAt);
    const startDate = random.chance(0.85) ? calendar.date(assignedAt + random.between(0, 20) * DAY) : null;
    const plannedMonths = Math.max(3, historyMonths * random.between(0.3, 1.2));
    let assignedDueDate = calendar.date(
      new Date(`${startDate ?? assignedDate}T00:00:00Z`).getTime() + plannedMonths * MONTH,
    );
    // The examples are open and not overdue: their story is the light's only reason.
    if (example && assignedDueDate < calendar.date(now + 4 * MONTH)) assignedDueDate = calendar.date(now + 6 * MONTH);
    let dueDate = assignedDueDate;
    let outcome: TaskOutcome = 'open';
    let closedAt: number | null = null;
    let cancelReason: string | null = null;
    const dueAt = new Date(`${dueDate}T00:00:00Z`).getTime();
    if (example) {
      // open, as it is
    } else if (dueDate < today) {
      const overdueDays = (now - dueAt) / DAY;
      if (overdueDays < 150 && random.chance(0.4)) outcome = 'open';
      else if (random.chance(0.85)) {
        outcome = 'completed';
        closedAt = calendar.workingTime(dueAt - random.between(0, 45) * DAY, random);
      } else {
        outcome = 'cancelled';
        closedAt = calendar.workingTime(assignedAt + (dueAt - assignedAt) * random.between(0.2, 0.9), random);
      }
    } else if (random.chance(0.05)) {
      outcome = 'cancelled';
      closedAt = calendar.workingTime(assignedAt + (now - assignedAt) * random.between(0.2, 0.95), random);
    } else if (random.chance(0.03)) {
      outcome = 'completed';
      closedAt = calendar.workingTime(assignedAt + (now - assignedAt) * random.between(0.5, 0.95), random);
    }
    if (closedAt !== null) closedAt = Math.min(Math.max(closedAt, assignedAt + 40 * DAY), now - DAY);
    if (outcome === 'cancelled') cancelReason = random.pick(CANCEL_REASONS);
    const cut = closedAt ?? now;

    // A few plan changes: the lead asked for more time; the committee decided (or has yet to).
    let amendment: SeedAmendment | null = null;
    if (random.chance(0.06) && cut - assignedAt > 60 * DAY) {
      const proposedAt = calendar.workingTime(assignedAt + (cut - assignedAt) * random.between(0.3, 0.9), random);
      const decision = proposedAt > now - 20 * DAY && outcome === 'open' && random.chance(0.5) ? 'proposed' : null;
      const status = decision ?? (random.chance(0.8) ? 'approved' : 'rejected');
      const after = calendar.addMonths(assignedDueDate, random.int(1, 6));
      amendment = {
        id: random.uuid(),
        status,
        reason: random.pick(AMENDMENT_REASONS),
        dueDate: { before: assignedDueDate, after },
        proposedAt,
        decidedAt:
          status === 'proposed' ? null : Math.min(calendar.after(proposedAt, random.between(1, 6), random), cut),
        decisionComment: status === 'rejected' ? '请按原计划推进' : null,
      };
      if (status === 'approved') dueDate = after;
    }

    const story: Story =
      example && example !== 'fresh'
        ? example
        : outcome === 'open' && !example
          ? random.weighted({
              on_track: 48,
              behind: 12,
              last_missing: 8,
              two_missing: 4,
              returned_twice: 4,
              awaiting_review: 14,
              late: 10,
            })
          : 'on_track';
    const task: SeedTask = {
      ...base,
      startDate,
      dueDate,
      assignedDueDate,
      outcome,
      createdAt,
      assignedAt,
      closedAt,
      cancelReason,
      story,
      pace: story === 'behind' ? random.between(0.4, 0.65) : base.pace,
      milestones: planMilestones(random, startDate ?? assignedDate, dueDate, cut, calendar),
      indicators: planIndicators(random),
      amendment,
      cut,
    };
    planSlots(task, calendar, random);
    tasks.push(task);
  }
  return tasks;
}

function planMilestones(
  random: SeededRandom,
  start: BusinessDate,
  due: BusinessDate,
  cut: number,
  calendar: SeedCalendar,
): SeedMilestone[] {
  const count = random.chance(0.6) ? random.int(1, 4) : 0;
  const from = new Date(`${start}T00:00:00Z`).getTime();
  const to = new Date(`${due}T00:00:00Z`).getTime();
  return random.sample(MILESTONE_TITLES, count).map((title, position) => {
    const planned = from + ((to - from) * (position + 1)) / (count + 1);
    const doneAt = calendar.workingTime(planned + random.between(-20, 25) * DAY, random);
    const done = doneAt < cut && random.chance(0.85);
    return {
      id: random.uuid(),
      position,
      title,
      plannedDate: calendar.date(planned),
      doneDate: done ? calendar.date(doneAt) : null,
      doneAt: done ? doneAt : null,
    };
  });
}

function planIndicators(random: SeededRandom): SeedIndicator[] {
  const count = random.chance(0.6) ? random.int(1, 3) : 0;
  return random.sample(INDICATOR_TEMPLATES, count).map((template, position) => ({
    id: random.uuid(),
    position,
    ...template,
  }));
}

/**
 * The periods a task reports on: from its first owed period to the current one when it stopped
 * (now, or its closing); the current period's report exists only for some tasks (drafted early),
 * and the story leaves the last closed period(s) missing. Older missing reports are chosen later,
 * to hit the requested count exactly.
 */
function planSlots(task: SeedTask, calendar: SeedCalendar, random: SeededRandom): void {
  if (task.assignedAt === null) return;
  const first = firstOwedPeriod({
    startDate: task.startDate,
    assignedAt: new Date(task.assignedAt),
    reportingCycle: task.reportingCycle,
    timeZone: calendar.timeZone,
  });
  if (!first) return;
  const current = calendar.currentPeriod(task.cut, task.reportingCycle);
  if (comparePeriods(current, first) < 0) return;
  const periods = periodsBetween(first, current);
  const lastClosed = previousPeriod(current);
  const secondLastClosed = previousPeriod(lastClosed);
  const slots: SeedSlot[] = [];
  for (const period of periods) {
    const isCurrent = period === current;
    if (task.outcome === 'completed') {
      // The final report closes the task: nothing after the period it was filed for.
      if (isCurrent && calendar.period(period).start > task.cut - 10 * DAY) continue;
      slots.push({ period, role: 'history' });
      continue;
    }
    if (isCurrent) {
      if (random.chance(task.outcome === 'open' ? 0.7 : 0.4)) slots.push({ period, role: 'current' });
      continue;
    }
    if (task.outcome === 'open') {
      if (period === lastClosed && (task.story === 'last_missing' || task.story === 'two_missing')) continue;
      if (period === secondLastClosed && task.story === 'two_missing') continue;
      if (period === lastClosed) {
        slots.push({ period, role: 'last_closed' });
        continue;
      }
    }
    slots.push({ period, role: 'history' });
  }
  // A task is completed after its final report is approved (docs/rules.md): there is always one.
  if (task.outcome === 'completed' && !slots.length) slots.push({ period: current, role: 'history' });
  const final = slots[slots.length - 1];
  if (task.outcome === 'completed' && final) final.role = 'final';
  task.slots = slots;
  // Older periods of open tasks (the last two closed ones decide the light), any of closed ones.
  task.droppable = slots
    .filter((s) => s.role === 'history' && (task.outcome !== 'open' || comparePeriods(s.period, secondLastClosed) < 0))
    .map((s) => s.period);
}

export function countSlots(tasks: SeedTask[]): number {
  return tasks.reduce((sum, task) => sum + task.slots.length, 0);
}

/**
 * Leaves `count` owed reports missing across the tasks (a department that did not report that
 * month), chosen at random among the periods whose absence does not change today's light.
 */
export function dropSlots(tasks: SeedTask[], count: number, random: SeededRandom): number {
  const candidates = tasks.flatMap((task) => task.droppable.map((period) => ({ task, period })));
  random.shuffle(candidates);
  const chosen = candidates.slice(0, Math.max(0, count));
  const byTask = new Map<SeedTask, Set<Period>>();
  for (const { task, period } of chosen) {
    const set = byTask.get(task) ?? new Set<Period>();
    set.add(period);
    byTask.set(task, set);
  }
  for (const [task, periods] of byTask) task.slots = task.slots.filter((s) => !periods.has(s.period));
  return chosen.length;
}

/**
 * The months of history that give the requested number of reports: more history, more periods per
 * task. About 3 % of owed reports are left missing on top of the stories' own.
 */
export function fitHistory(
  request: PlanRequest,
  departments: SeedDepartment[],
  calendar: SeedCalendar,
): { tasks: SeedTask[]; historyMonths: number } {
  const wanted = request.reports / 0.97;
  const slotsWith = (months: number) => countSlots(planTasks(request, departments, calendar, months));
  // Reports grow about in proportion to the months of history: a few proportional steps get close,
  // then small steps up make sure there are enough.
  let months = 24;
  for (let step = 0; step < 5; step++) {
    const slots = slotsWith(months);
    if (!slots) break;
    months = Math.min(600, Math.max(2, months * (wanted / slots)));
  }
  while (months < 600 && slotsWith(months) < wanted) months = Math.min(600, months * 1.02);
  return { tasks: planTasks(request, departments, calendar, months), historyMonths: months };
}

/** The whole plan: departments, accounts, tasks and exactly `request.reports` reports (when possible). */
export function planScale(request: PlanRequest, calendar: SeedCalendar): ScalePlan {
  const random = new SeededRandom(request.seed);
  const departments = planDepartments(request.departments, random);
  const users = planUsers(departments, random);
  const { tasks, historyMonths } = fitHistory(request, departments, calendar);
  const surplus = countSlots(tasks) - request.reports;
  if (surplus > 0) dropSlots(tasks, surplus, new SeededRandom(request.seed ^ 0xd209));
  const earliest = Math.min(calendar.now, ...tasks.map((t) => t.createdAt));
  return {
    departments,
    users,
    tasks,
    historyMonths,
    origin: calendar.workingTime(earliest - 30 * DAY, random),
    reports: countSlots(tasks),
  };
}
