import { createHash } from 'node:crypto';
import { INDICATOR_UNITS, type IndicatorActualView, complianceOf } from '@zibo/domain';
import type { TimelineEvent } from './audit-timeline';
import type { CopyValue } from './copy-writer';
import type { SlotLifecycle } from './report-lifecycle';
import { DAY, HOUR, type SeedCalendar } from './seed-calendar';
import type { SeededRandom } from './seeded-random';
import type { SeedIndicator, SeedSlot, SeedTask, SeedUser, Staff } from './scale-plan';
import { NEXT_STEPS, PROBLEMS, RETURN_COMMENTS, SUMMARIES } from './sample-text';

export const REPORT_COLUMNS = [
  'id',
  'task_id',
  'period',
  'status',
  'revision',
  'percent_complete',
  'summary',
  'problems',
  'next_steps',
  'indicator_actuals',
  'final',
  'percent_decrease_reason',
  'author_id',
  'submitted_by_id',
  'submitted_at',
  'first_submitted_at',
  'return_count',
  'review_comment',
  'score',
  'reviewed_by_id',
  'reviewed_at',
  'version',
  'created_at',
  'updated_at',
] as const;

export const VERSION_COLUMNS = [
  'report_id',
  'revision',
  'content',
  'submitted_at',
  'submitted_by_id',
  'decision',
  'review_comment',
  'score',
  'reviewed_at',
  'reviewed_by_id',
] as const;

export const CONTRIBUTION_COLUMNS = [
  'id',
  'task_id',
  'department_id',
  'period',
  'status',
  'percent_complete',
  'summary',
  'problems',
  'next_steps',
  'indicator_actuals',
  'author_id',
  'submitted_by_id',
  'submitted_at',
  'version',
  'created_at',
  'updated_at',
] as const;

export const ATTACHMENT_COLUMNS = [
  'id',
  'report_id',
  'revision',
  'file_name',
  'content_type',
  'size',
  'sha256',
  'content',
  'uploaded_by_id',
  'uploaded_at',
] as const;

export const NOTIFICATION_COLUMNS = [
  'id',
  'user_id',
  'kind',
  'task_id',
  'report_id',
  'payload',
  'created_at',
  'read_at',
] as const;

/** A report's content fields (contentOf in the api): what a revision freezes. */
interface Content {
  percentComplete: number;
  summary: string;
  problems: string;
  nextSteps: string;
  indicatorActuals: IndicatorActualView[];
  final: boolean;
  percentDecreaseReason: string | null;
}

/** What the generator remembers of a task between its periods. */
export interface TaskProgress {
  /** The percent that counts (latest submitted or approved report). */
  counted: number;
  /** When the task's first report was submitted (task.start), known from the counting pass. */
  firstSubmitAt: number | null;
}

export interface SlotRecords {
  report: CopyValue[];
  versions: CopyValue[][];
  contributions: CopyValue[][];
  attachments: CopyValue[][];
  notifications: CopyValue[][];
  events: TimelineEvent[];
}

export interface SlotContext {
  calendar: SeedCalendar;
  staff: Staff;
  random: SeededRandom;
  /** Notifications are kept for the last weeks only (older ones would have been read long ago). */
  notificationsSince: number;
  departmentUsers: (departmentId: string) => SeedUser[];
}

function roundFor(indicator: SeedIndicator, value: number): number {
  const kind = INDICATOR_UNITS[indicator.unit].kind;
  if (kind === 'count') return Math.max(0, Math.round(value));
  if (kind === 'rank') return Math.max(1, Math.round(value));
  if (kind === 'rate') return Math.round(value * 10) / 10;
  return Math.max(0, Math.round(value * 100) / 100);
}

function actualsFor(task: SeedTask, percent: number, random: SeededRandom): IndicatorActualView[] {
  return task.indicators.map((indicator) => ({
    indicatorId: indicator.id,
    value: roundFor(
      indicator,
      indicator.baseline + (indicator.target - indicator.baseline) * (percent / 100) * random.between(0.9, 1.08),
    ),
  }));
}

/** 100 × the elapsed share of the task's schedule at `at` (the RAG rule's expected percent). */
function expectedAt(task: SeedTask, at: number): number {
  const start = new Date(`${task.startDate ?? '1970-01-01'}T00:00:00Z`).getTime();
  const from = Math.max(start, task.assignedAt ?? start);
  const due = new Date(`${task.dueDate}T00:00:00Z`).getTime();
  if (due <= from) return 100;
  return Math.min(100, Math.max(0, (100 * (at - from)) / (due - from)));
}

const changed = (before: Content, after: Content) => {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof Content)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
};

/** A small PDF with this file's own id inside, so every file has its own SHA-256. */
function evidencePdf(id: string, title: string): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n` +
      `% evidence ${id} ${Buffer.from(title, 'utf8').toString('hex')}\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
    'latin1',
  );
}

/**
 * The rows and audit events of one report's lifecycle, shaped as the api writes them
 * (progress.service, contributions.service, attachments.service): the same audited fields, the
 * same before/after of changed fields, the version counter one step per save.
 */
export function slotRecords(
  task: SeedTask,
  slot: SeedSlot,
  lifecycle: SlotLifecycle,
  progress: TaskProgress,
  context: SlotContext,
): SlotRecords {
  const { calendar, staff, random } = context;
  const lead = task.leadDepartmentId;
  const head = staff.headOf(lead);
  const author = random.chance(0.6) ? staff.staffOf(lead) : head;
  const committee = staff.committee;
  const reportId = random.uuid();
  const deadline = calendar.period(slot.period).deadline;
  const events: TimelineEvent[] = [];
  const versions: CopyValue[][] = [];
  const attachments: CopyValue[][] = [];
  const notifications: CopyValue[][] = [];
  const stem = random.pick(SUMMARIES);
  const notify = (userIds: string[], kind: string, at: number, payload: Record<string, unknown>) => {
    if (at < context.notificationsSince) return;
    for (const userId of userIds) {
      const readAt = at + random.between(1, 72) * HOUR;
      notifications.push([
        random.uuid(),
        userId,
        kind,
        task.id,
        reportId,
        payload,
        new Date(at),
        readAt < calendar.now - DAY ? new Date(readAt) : null,
      ]);
    }
  };
  const leadUsers = context.departmentUsers(lead).map((u) => u.id);

  // The content each submission will carry; drafts lead up to it.
  const percentFor = (revision: number): number => {
    if (slot.role === 'final') return 100;
    const planned = Math.round(expectedAt(task, calendar.period(slot.period).end) * task.pace + random.between(-4, 4));
    return Math.min(99, Math.max(progress.counted, planned + revision - 1, 1));
  };
  const contentFor = (revision: number): Content => {
    const percentComplete = percentFor(revision);
    return {
      percentComplete,
      summary: `${slot.period}：${stem}${revision > 1 ? '（已按审核意见补充完善）' : ''}`,
      problems: random.pick(PROBLEMS),
      nextSteps: random.pick(NEXT_STEPS),
      indicatorActuals: actualsFor(task, percentComplete, random),
      final: slot.role === 'final',
      percentDecreaseReason: null,
    };
  };

  let revision = 0;
  let target = contentFor(1);
  let content: Content = {
    ...target,
    percentComplete: Math.max(progress.counted, target.percentComplete - random.int(0, 5)),
    summary: `${slot.period}：${stem}（初稿）`,
    indicatorActuals: [],
  };
  let status: 'draft' | 'submitted' | 'approved' | 'returned' = 'draft';
  let version = 1;
  let createdAt = 0;
  let updatedAt = 0;
  let firstSubmittedAt: number | null = null;
  let submittedAt: number | null = null;
  let returnCount = 0;
  let review: { comment: string | null; score: number | null; at: number } | null = null;
  const editsLeft = (from: number) => lifecycle.steps.slice(from).findIndex((s) => s.kind !== 'edit');
  const audited = () => ({ period: slot.period, status, revision, ...content });
  const base = (at: number, actor: SeedUser, action: string) => ({
    at,
    actor,
    action,
    entityType: 'report',
    entityId: reportId,
    departmentId: lead,
  });

  for (const [index, step] of lifecycle.steps.entries()) {
    switch (step.kind) {
      case 'create':
        createdAt = updatedAt = step.at;
        if (editsLeft(index + 1) === 0) content = { ...target };
        events.push({ ...base(step.at, author, 'report.create'), after: { taskId: task.id, ...audited() } });
        break;
      case 'edit': {
        // The last edit before a submission brings the draft to what is submitted.
        const lastEdit = editsLeft(index + 1) === 0;
        const next: Content = lastEdit
          ? { ...target }
          : {
              ...content,
              summary: `${target.summary.replace(/（.*）$/, '')}（修改稿${index}）`,
              percentComplete: Math.max(
                progress.counted,
                Math.min(target.percentComplete, content.percentComplete + 1),
              ),
            };
        const diff = changed(content, next);
        content = next;
        if (!Object.keys(diff.after).length) diff.after['nextSteps'] = content.nextSteps = `${content.nextSteps}。`;
        version += 1;
        updatedAt = step.at;
        events.push({ ...base(step.at, random.chance(0.7) ? author : head, 'report.update'), ...diff });
        break;
      }
      case 'attach': {
        const id = random.uuid();
        const fileName = `佐证材料-${slot.period}.pdf`;
        const bytes = evidencePdf(id, task.title);
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        attachments.push([
          id,
          reportId,
          revision + 1,
          fileName,
          'application/pdf',
          bytes.length,
          sha256,
          bytes,
          author.id,
          new Date(step.at),
        ]);
        events.push({
          at: step.at,
          actor: author,
          action: 'attachment.upload',
          entityType: 'attachment',
          entityId: id,
          departmentId: lead,
          after: {
            taskId: task.id,
            ownerType: 'report',
            ownerId: reportId,
            fileName,
            contentType: 'application/pdf',
            size: bytes.length,
          },
          sha256,
        });
        break;
      }
      case 'submit': {
        content = { ...target };
        status = 'submitted';
        revision += 1;
        submittedAt = step.at;
        firstSubmittedAt ??= step.at;
        version += 1;
        updatedAt = step.at;
        versions.push([reportId, revision, { ...content }, new Date(step.at), head.id, null, null, null, null, null]);
        progress.counted = content.percentComplete;
        events.push({
          ...base(step.at, head, 'report.submit'),
          before: { status: 'draft' },
          after: {
            taskId: task.id,
            status: 'submitted',
            revision,
            period: slot.period,
            compliance: complianceOf(new Date(firstSubmittedAt), new Date(deadline), new Date(step.at)),
            ...content,
          },
        });
        if (step.at === progress.firstSubmitAt) {
          events.push({
            at: step.at + 1,
            actor: head,
            action: 'task.start',
            entityType: 'task',
            entityId: task.id,
            departmentId: lead,
            before: { status: 'assigned' },
            after: { status: 'in_progress' },
          });
        }
        notify([committee.id], 'submitted', step.at, { title: task.title, period: slot.period });
        break;
      }
      case 'approve':
      case 'return': {
        const approve = step.kind === 'approve';
        status = approve ? 'approved' : 'returned';
        if (!approve) returnCount += 1;
        review = approve
          ? { comment: null, score: random.int(78, 98), at: step.at }
          : { comment: random.pick(RETURN_COMMENTS), score: null, at: step.at };
        version += 1;
        updatedAt = step.at;
        const current = versions[versions.length - 1];
        if (current) {
          current[5] = step.kind;
          current[6] = review.comment;
          current[7] = review.score;
          current[8] = new Date(step.at);
          current[9] = committee.id;
        }
        events.push({
          ...base(step.at, committee, approve ? 'report.approve' : 'report.return'),
          before: { status: 'submitted' },
          after: { taskId: task.id, status, revision, comment: review.comment, score: review.score },
        });
        notify(leadUsers, approve ? 'approved' : 'returned', step.at, {
          title: task.title,
          period: slot.period,
          comment: review.comment,
        });
        break;
      }
      case 'revise':
        status = 'draft';
        target = contentFor(revision + 1);
        version += 1;
        updatedAt = step.at;
        events.push({
          ...base(step.at, author, 'report.revise'),
          before: { status: 'returned' },
          after: { taskId: task.id, status: 'draft', revision },
        });
        break;
    }
  }

  const report: CopyValue[] = [
    reportId,
    task.id,
    slot.period,
    status,
    revision,
    content.percentComplete,
    content.summary,
    content.problems,
    content.nextSteps,
    content.indicatorActuals,
    content.final,
    null,
    author.id,
    submittedAt === null ? null : head.id,
    submittedAt === null ? null : new Date(submittedAt),
    firstSubmittedAt === null ? null : new Date(firstSubmittedAt),
    returnCount,
    review?.comment ?? null,
    review?.score ?? null,
    review ? committee.id : null,
    review ? new Date(review.at) : null,
    version,
    new Date(createdAt),
    new Date(updatedAt),
  ];

  const contributions = lifecycle.contributions.map((c) => {
    const id = random.uuid();
    const cHead = staff.headOf(c.departmentId);
    const cAuthor = random.chance(0.6) ? staff.staffOf(c.departmentId) : cHead;
    const final = {
      period: slot.period,
      status: 'draft' as 'draft' | 'submitted',
      percentComplete: target.percentComplete,
      summary: `配合推进：${random.pick(SUMMARIES)}`,
      problems: '',
      nextSteps: random.pick(NEXT_STEPS),
      indicatorActuals: [] as IndicatorActualView[],
    };
    let state = { ...final, summary: `${final.summary}（初稿）` };
    let cVersion = 1;
    let cUpdated = 0;
    let cSubmitted: number | null = null;
    for (const [index, step] of c.steps.entries()) {
      const entity = { entityType: 'contribution', entityId: id, departmentId: c.departmentId };
      if (step.kind === 'create') {
        if (c.steps[index + 1]?.kind !== 'edit') state = { ...final };
        cUpdated = step.at;
        events.push({
          at: step.at,
          actor: cAuthor,
          action: 'contribution.create',
          ...entity,
          after: { taskId: task.id, ...state },
        });
      } else if (step.kind === 'edit') {
        const next =
          c.steps[index + 1]?.kind === 'edit'
            ? { ...state, summary: `${final.summary}（修改稿${index}）` }
            : { ...final };
        const before: Record<string, unknown> = {};
        const after: Record<string, unknown> = {};
        for (const key of ['summary', 'percentComplete', 'nextSteps'] as const) {
          if (state[key] !== next[key]) {
            before[key] = state[key];
            after[key] = next[key];
          }
        }
        if (!Object.keys(after).length) {
          before['problems'] = state.problems;
          after['problems'] = next.problems = `${state.problems}无`;
        }
        state = next;
        cVersion += 1;
        cUpdated = step.at;
        events.push({ at: step.at, actor: cAuthor, action: 'contribution.update', ...entity, before, after });
      } else {
        state = { ...state, status: 'submitted' };
        cSubmitted = step.at;
        cVersion += 1;
        cUpdated = step.at;
        events.push({
          at: step.at,
          actor: cHead,
          action: 'contribution.submit',
          ...entity,
          before: { status: 'draft' },
          after: { status: 'submitted', taskId: task.id, period: slot.period },
        });
      }
    }
    return [
      id,
      task.id,
      c.departmentId,
      slot.period,
      state.status,
      state.percentComplete,
      state.summary,
      state.problems,
      state.nextSteps,
      state.indicatorActuals,
      cAuthor.id,
      cSubmitted === null ? null : cHead.id,
      cSubmitted === null ? null : new Date(cSubmitted),
      cVersion,
      new Date(c.steps[0]?.at ?? cUpdated),
      new Date(cUpdated),
    ];
  });

  return { report, versions, contributions, attachments, notifications, events };
}
