import { DAY, HOUR, type SeedCalendar } from './seed-calendar';
import { SeededRandom } from './seeded-random';
import type { SeedSlot, SeedTask } from './scale-plan';

export type ReportStepKind = 'create' | 'edit' | 'attach' | 'submit' | 'approve' | 'return' | 'revise';
export type ContributionStepKind = 'create' | 'edit' | 'submit';

export interface ReportStep {
  kind: ReportStepKind;
  at: number;
}

export interface ContributionLifecycle {
  departmentId: string;
  steps: { kind: ContributionStepKind; at: number }[];
}

/** What happened to one (task, period) report up to the task's cut-off, and to its contributions. */
export interface SlotLifecycle {
  steps: ReportStep[];
  contributions: ContributionLifecycle[];
}

const NEVER = Number.POSITIVE_INFINITY;

function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** Independent random streams per (task, period): the same slot always plays out the same way. */
export function slotRandom(seed: number, task: SeedTask, slot: SeedSlot, stream: number): SeededRandom {
  return new SeededRandom(hashText(`${seed}:${stream}:${task.index}:${slot.period}`));
}

/** How many edits a drafting stage gets: on average `mean`, at least `min`. */
function editCount(random: SeededRandom, mean: number, min: number): number {
  return Math.max(min, Math.floor(2 * mean * random.next() + random.next() - 0.5));
}

/**
 * Plays out one report's life as people would have lived it: a draft created before the deadline,
 * edited, submitted (on time mostly, late sometimes), reviewed a few days later — approved, or
 * returned, revised and submitted again — and cut at the task's cut-off (now, or its closing):
 * what lies after it has not happened yet, which leaves reports in every state around today.
 *
 * `editsMean` sizes the edits; it draws on its own random stream, so the other steps come out the
 * same whatever it is (the seeder counts events before it generates them).
 */
export function simulateSlot(
  task: SeedTask,
  slot: SeedSlot,
  calendar: SeedCalendar,
  seed: number,
  editsMean: number,
): SlotLifecycle {
  const random = slotRandom(seed, task, slot, 1);
  const edits = slotRandom(seed, task, slot, 2);
  const period = calendar.period(slot.period);
  const notBefore = Math.max(period.start, (task.assignedAt ?? period.start) + HOUR);
  const forced = slot.role === 'final' || (slot.role === 'last_closed' && task.story === 'returned_twice');
  // Forced stories must have happened by now: they end an hour before the cut-off.
  const limit = forced ? task.cut - HOUR : NEVER;

  const late = slot.role === 'last_closed' ? task.story === 'late' : slot.role === 'history' && random.chance(0.08);
  let submitAt = late
    ? calendar.workingTime(period.deadline + random.between(1, 12) * DAY, random)
    : calendar.workingTime(period.deadline - random.between(0.6, 6) * DAY, random);
  let createAt = calendar.workingTime(submitAt - random.between(2, 20) * DAY, random);
  if (createAt < notBefore) createAt = notBefore + random.between(0, 0.5) * Math.max(0, submitAt - notBefore);
  // The current period's draft exists today (the plan says so): started before now.
  if (createAt >= task.cut) createAt = notBefore + (task.cut - notBefore) * random.between(0.2, 0.9);
  if (submitAt <= createAt) submitAt = createAt + random.between(2, 30) * HOUR;

  // The committee's decisions on successive submissions.
  let decisions: ('approve' | 'return')[];
  if (slot.role === 'final') decisions = ['approve'];
  else if (slot.role === 'last_closed' && task.story === 'returned_twice') decisions = ['return', 'return'];
  else {
    const draw = random.next();
    decisions = draw < 0.875 ? ['approve'] : draw < 0.975 ? ['return', 'approve'] : ['return', 'return', 'approve'];
  }
  const awaitingReview = slot.role === 'last_closed' && task.story === 'awaiting_review';

  const steps: ReportStep[] = [{ kind: 'create', at: createAt }];
  const draft = (from: number, to: number, min: number, attach: boolean) => {
    const count = editCount(edits, editsMean, min);
    const times = Array.from({ length: count }, () => from + (to - from) * edits.between(0.05, 0.95)).sort(
      (a, b) => a - b,
    );
    for (const at of times) steps.push({ kind: 'edit', at });
    if (attach) steps.push({ kind: 'attach', at: from + (to - from) * 0.5 });
  };
  draft(createAt, submitAt, 0, random.chance(0.03));
  steps.push({ kind: 'submit', at: submitAt });
  let at = submitAt;
  for (const [index, decision] of decisions.entries()) {
    if (awaitingReview) break;
    at = calendar.after(at, random.between(1, 6), random);
    steps.push({ kind: decision, at });
    if (decision === 'approve') break;
    const reviseAt = calendar.after(at, random.between(0.3, 3), random);
    // returned twice: the second return is where the story stands today.
    if (index === decisions.length - 1) break;
    steps.push({ kind: 'revise', at: reviseAt });
    const resubmitAt = calendar.after(reviseAt, random.between(0.5, 4), random);
    draft(reviseAt, resubmitAt, 1, false);
    steps.push({ kind: 'submit', at: resubmitAt });
    at = resubmitAt;
  }
  steps.sort((a, b) => a.at - b.at);

  const last = steps[steps.length - 1];
  if (forced && last && last.at >= limit) {
    // Squeeze the whole story into the time there was, keeping its order.
    const span = Math.max(HOUR, limit - createAt);
    const scale = span / Math.max(1, last.at - createAt);
    for (const step of steps) step.at = createAt + (step.at - createAt) * scale;
  }
  const happened = steps.filter((step) => step.at < task.cut);

  const leadSubmit = steps.find((s) => s.kind === 'submit')?.at ?? submitAt;
  const contributions: ContributionLifecycle[] = [];
  for (const departmentId of task.coDepartmentIds) {
    if (!random.chance(slot.role === 'current' ? 0.6 : 0.5)) continue;
    const cSubmit = Math.max(createAt + HOUR, leadSubmit - random.between(0.2, 3) * DAY);
    const cCreate = Math.max(notBefore, cSubmit - random.between(1, 10) * DAY);
    const cSteps: ContributionLifecycle['steps'] = [{ kind: 'create', at: cCreate }];
    const count = editCount(edits, editsMean / 2, 0);
    for (let i = 0; i < count; i++) cSteps.push({ kind: 'edit', at: cCreate + (cSubmit - cCreate) * edits.next() });
    cSteps.push({ kind: 'submit', at: Math.max(cSubmit, cCreate + HOUR) });
    cSteps.sort((a, b) => a.at - b.at);
    const done = cSteps.filter((s) => s.at < task.cut);
    if (done.length) contributions.push({ departmentId, steps: done });
  }
  return { steps: happened, contributions };
}

/** Audit events of a lifecycle (attachments are one upload event each, like everything else). */
export function eventCount(lifecycle: SlotLifecycle): number {
  return lifecycle.steps.length + lifecycle.contributions.reduce((sum, c) => sum + c.steps.length, 0);
}

/** Drafting stages that happened (where edits go), for sizing `editsMean`. */
export function draftingStages(lifecycle: SlotLifecycle): number {
  const revisions = lifecycle.steps.filter((s) => s.kind === 'revise').length;
  return 1 + revisions + lifecycle.contributions.length / 2;
}
