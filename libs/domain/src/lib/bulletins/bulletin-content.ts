import type { DepartmentRefView, LedgerTaskView, LedgerView, RankingView } from '../ledger/ledger.types';
import { NOTICE_COLOURS, type NoticeColour } from '../supervision/notice-colour';
import type {
  BulletinComplianceView,
  BulletinContent,
  BulletinCounts,
  BulletinHighlight,
  BulletinNoticeItem,
  BulletinTaskItem,
  BulletinUrgeItem,
} from './bulletin.types';

/** 文号 of a published bulletin: 高新督通〔2026〕1号 (numbered per year of publication). */
export const bulletinNumber = (year: number, serial: number) => `高新督通〔${year}〕${serial}号`;

/** The default title of the bulletin of a month: 2026年10月重点工作督查通报. */
export function bulletinTitle(period: string): string {
  const [year, month] = period.split('-');
  return `${year}年${Number(month)}月重点工作督查通报`;
}

// Sentence ends of Chinese and English text.
const SENTENCE_END = /[。！？!?；;]/u;

/**
 * The words a bulletin quotes from a report's summary: its first sentence, or its first `max`
 * characters with an ellipsis when that sentence is longer. Whitespace runs become one space.
 */
export function highlightQuote(summary: string, max = 120): string {
  const text = summary.replace(/\s+/gu, ' ').trim();
  const chars = Array.from(text);
  const end = chars.findIndex((c) => SENTENCE_END.test(c));
  const sentence = end >= 0 ? chars.slice(0, end + 1) : chars;
  return sentence.length <= max ? sentence.join('') : `${chars.slice(0, max).join('')}…`;
}

const rate = (onTime: number, due: number) => (due ? Math.round((onTime / due) * 10_000) / 10_000 : null);

/**
 * Departments by reporting compliance: the highest on-time rate first, then fewer missing reports,
 * more reports due, and code. Best: the first up to three with an on-time rate above 0; worst: the
 * last up to three below 1, worst first, never one already among the best.
 */
export function complianceStandings(rows: readonly BulletinComplianceView[]): {
  all: BulletinComplianceView[];
  best: BulletinComplianceView[];
  worst: BulletinComplianceView[];
} {
  const all = rows
    .filter((r) => r.due > 0)
    .sort(
      (a, b) =>
        (b.onTimeRate ?? 0) - (a.onTimeRate ?? 0) ||
        a.missing - b.missing ||
        b.due - a.due ||
        a.department.code.localeCompare(b.department.code),
    );
  const best = all.filter((r) => (r.onTimeRate ?? 0) > 0).slice(0, 3);
  const worst = [...all]
    .reverse()
    .filter((r) => (r.onTimeRate ?? 0) < 1 && !best.includes(r))
    .slice(0, 3);
  return { all, best, worst };
}

function tally(tasks: readonly LedgerTaskView[]): BulletinCounts {
  return {
    tasks: tasks.length,
    red: tasks.filter((t) => t.atClose.rag === 'red').length,
    amber: tasks.filter((t) => t.atClose.rag === 'amber').length,
    green: tasks.filter((t) => t.atClose.rag === 'green').length,
    overdue: tasks.filter((t) => t.atClose.overdue).length,
  };
}

function item(task: LedgerTaskView): BulletinTaskItem {
  return {
    taskId: task.taskId,
    title: task.title,
    workItemCode: task.workItemCode,
    department: task.leadDepartment,
    rag: task.atClose.rag,
    reasons: task.atClose.reasons,
    overdue: task.atClose.overdue,
    overdueDays: task.atClose.overdueDays,
    dueDate: task.atClose.dueDate,
    percentComplete: task.atClose.percentComplete,
  };
}

/** An approved report of the period that the bulletin may quote. */
export interface HighlightCandidate {
  taskId: string;
  reportId: string;
  summary: string;
  percentComplete: number;
  score: number | null;
}

export interface BulletinSources {
  ledger: LedgerView;
  ranking: RankingView;
  areas: readonly { code: string; name: string }[];
  urges: readonly BulletinUrgeItem[];
  notices: readonly BulletinNoticeItem[];
  highlights: readonly HighlightCandidate[];
  /** How many reports to quote (the best scored first). */
  highlightCount?: number;
}

/**
 * The figures of a monthly bulletin (督查通报), from the ledger of the month (every task that owed
 * or filed the report closing at the month's deadline, as it stood at that close: the RAG and
 * overdue of computeRag() or its status snapshot), the ranking of the same month, and the urges,
 * notices and approved reports of the month. Nothing is judged here that the ledger has not.
 */
export function assembleBulletin(sources: BulletinSources): BulletinContent {
  const { ledger, ranking } = sources;
  // The ledger lists a task under its lead and every co-owner: count it once, under its lead.
  const tasks = ledger.departments.flatMap((d) => d.tasks.filter((t) => t.role === 'lead'));
  const byOrder = (a: BulletinTaskItem, b: BulletinTaskItem) =>
    b.overdueDays - a.overdueDays ||
    a.workItemCode.localeCompare(b.workItemCode) ||
    a.title.localeCompare(b.title, 'zh-CN');
  const compliance = ledger.departments.map((d): BulletinComplianceView => {
    const led = d.tasks.filter((t) => t.role === 'lead' && t.compliance !== 'not_due');
    const onTime = led.filter((t) => t.compliance === 'on_time').length;
    const department: DepartmentRefView = { id: d.id, code: d.code, name: d.name };
    return {
      department,
      due: led.length,
      onTime,
      late: led.filter((t) => t.compliance === 'late').length,
      missing: led.filter((t) => t.compliance === 'missing').length,
      onTimeRate: rate(onTime, led.length),
    };
  });
  const standings = complianceStandings(compliance);
  const taskById = new Map(tasks.map((t) => [t.taskId, t]));
  const highlights = sources.highlights
    .filter((h) => taskById.has(h.taskId) && h.summary.trim())
    .sort(
      (a, b) =>
        (b.score ?? -1) - (a.score ?? -1) || b.percentComplete - a.percentComplete || a.taskId.localeCompare(b.taskId),
    )
    .slice(0, sources.highlightCount ?? 5)
    .map((h): BulletinHighlight => {
      const task = taskById.get(h.taskId) as LedgerTaskView;
      return {
        taskId: h.taskId,
        taskTitle: task.title,
        department: task.leadDepartment,
        reportId: h.reportId,
        percentComplete: h.percentComplete,
        score: h.score,
        quote: highlightQuote(h.summary),
      };
    });
  return {
    period: ledger.period,
    deadline: ledger.deadline,
    closed: ledger.closed,
    generatedAt: ledger.generatedAt,
    chainHead: ledger.chainHead,
    totals: tally(tasks),
    focusAreas: sources.areas.map((area) => ({
      code: area.code,
      name: area.name,
      ...tally(tasks.filter((t) => t.workItemCode.startsWith(`${area.code}.`))),
    })),
    redItems: tasks
      .filter((t) => t.atClose.rag === 'red')
      .map(item)
      .sort(byOrder),
    overdueItems: tasks
      .filter((t) => t.atClose.overdue)
      .map(item)
      .sort(byOrder),
    compliance: standings.all,
    bestCompliance: standings.best,
    worstCompliance: standings.worst,
    ranking: ranking.items.map((r) => ({
      rank: r.rank,
      department: { id: r.id, code: r.code, name: r.name },
      score: r.score,
    })),
    formulaVersion: ranking.formula.version,
    urges: [...sources.urges],
    notices: [...sources.notices],
    noticesByColour: Object.fromEntries(
      NOTICE_COLOURS.map((c) => [c, sources.notices.filter((n) => n.colour === c).length]),
    ) as Record<NoticeColour, number>,
    highlights,
  };
}
