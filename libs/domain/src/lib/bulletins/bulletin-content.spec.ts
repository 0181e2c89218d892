import type { LedgerTaskView, LedgerView, RankingView } from '../ledger/ledger.types';
import { RANKING_FORMULA } from '../ledger/ranking-formula';
import type { Compliance } from '../time/periods';
import type { Rag } from '../rag/rag-status';
import type { BulletinComplianceView } from './bulletin.types';
import {
  assembleBulletin,
  bulletinNumber,
  bulletinTitle,
  complianceStandings,
  highlightQuote,
} from './bulletin-content';

const econ = { id: 'd-econ', code: 'econ', name: '经济发展局' };
const sci = { id: 'd-sci', code: 'sci', name: '科技创新局' };

function task(
  id: string,
  lead: typeof econ,
  facts: { code?: string; rag?: Rag | null; overdueDays?: number; compliance?: Compliance; role?: 'lead' | 'co' },
): LedgerTaskView {
  const overdueDays = facts.overdueDays ?? 0;
  return {
    taskId: id,
    title: `任务${id}`,
    workItemCode: facts.code ?? 'FA1.1',
    role: facts.role ?? 'lead',
    leadDepartment: lead,
    coDepartments: [],
    status: 'in_progress',
    dueDate: '2026-12-31',
    reportingCycle: 'monthly',
    period: '2026-10',
    deadline: '2026-11-04T16:00:00.000Z',
    milestones: { plannedByPeriodEnd: 0, doneByPeriodEnd: 0, items: [] },
    compliance: facts.compliance ?? 'on_time',
    report: null,
    atClose: {
      source: 'snapshot',
      at: '2026-11-04T16:00:00.000Z',
      status: 'in_progress',
      rag: facts.rag === undefined ? 'green' : facts.rag,
      reasons: overdueDays ? ['overdue'] : [],
      overdue: overdueDays > 0,
      overdueDays,
      dueDate: '2026-10-01',
      percentComplete: 40,
      expectedPercent: 50,
    },
    receipt: {
      acceptedAt: null,
      acceptedByName: null,
      declinedAt: null,
      declineReason: null,
      insistedAt: null,
      insistComment: null,
    },
    urges: [],
    notices: [],
    directives: [],
    closeOut: null,
    score: null,
    scoreInputs: {
      tasks: 1,
      reportsDue: 1,
      reportsOnTime: 1,
      reviewsScored: 0,
      reviewScoreSum: 0,
      overdueTasks: 0,
      progressRatioSum: 1,
    },
  };
}

function ledger(tasks: { econ: LedgerTaskView[]; sci: LedgerTaskView[] }): LedgerView {
  return {
    period: '2026-10',
    deadline: '2026-11-05T16:00:00.000Z',
    closed: true,
    generatedAt: '2026-11-20T00:00:00.000Z',
    chainHead: null,
    formulaVersion: RANKING_FORMULA.version,
    departments: [
      { ...econ, tasks: tasks.econ },
      { ...sci, tasks: tasks.sci },
    ],
  };
}

const ranking: RankingView = {
  period: '2026-10',
  deadline: '2026-11-05T16:00:00.000Z',
  closed: true,
  generatedAt: '2026-11-20T00:00:00.000Z',
  chainHead: null,
  formula: RANKING_FORMULA,
  items: [],
};

const areas = [
  { code: 'FA1', name: '聚焦一' },
  { code: 'FA2', name: '聚焦二' },
];

describe('Bulletin number and title', () => {
  it('numbers a bulletin per year like an official document', () => {
    expect(bulletinNumber(2026, 3)).toBe('高新督通〔2026〕3号');
  });
  it('titles the bulletin of a month in Chinese', () => {
    expect(bulletinTitle('2026-03')).toBe('2026年3月重点工作督查通报');
  });
});

describe('Highlight quote', () => {
  it.each([
    ['完成园区道路建设。下月启动绿化。', '完成园区道路建设。'],
    ['  签约  项目 5 个  ', '签约 项目 5 个'],
    ['Done! More next month.', 'Done!'],
  ])('quotes the first sentence of %j', (summary, quote) => {
    expect(highlightQuote(summary)).toBe(quote);
  });
  it('cuts a long sentence at the limit with an ellipsis', () => {
    expect(highlightQuote('甲'.repeat(10), 4)).toBe('甲甲甲甲…');
  });
});

describe('Compliance standings', () => {
  const row = (code: string, due: number, onTime: number, missing = due - onTime): BulletinComplianceView => ({
    department: { id: code, code, name: code },
    due,
    onTime,
    late: due - onTime - missing,
    missing,
    onTimeRate: due ? onTime / due : null,
  });
  it('puts the highest on-time rate first and the lowest among the worst, never one in both', () => {
    const result = complianceStandings([row('a', 2, 1), row('b', 2, 2), row('c', 2, 0), row('d', 0, 0)]);
    expect(result.all.map((r) => r.department.code)).toEqual(['b', 'a', 'c']);
    expect(result.best.map((r) => r.department.code)).toEqual(['b', 'a']);
    expect(result.worst.map((r) => r.department.code)).toEqual(['c']);
  });
  it('breaks equal rates by fewer missing reports', () => {
    const result = complianceStandings([row('a', 2, 1, 1), row('b', 2, 1, 0)]);
    expect(result.all.map((r) => r.department.code)).toEqual(['b', 'a']);
  });
  it('names no worst department when every report came on time', () => {
    expect(complianceStandings([row('a', 1, 1), row('b', 3, 3)]).worst).toEqual([]);
  });
});

describe('Bulletin content', () => {
  const content = assembleBulletin({
    ledger: ledger({
      econ: [
        task('1', econ, { code: 'FA1.1', rag: 'red', overdueDays: 3 }),
        task('2', econ, { code: 'FA2.1', rag: 'amber', compliance: 'late' }),
        task('5', sci, { code: 'FA2.2', role: 'co', rag: 'red', overdueDays: 10 }),
      ],
      sci: [
        task('3', sci, { code: 'FA1.2', rag: 'green', compliance: 'missing' }),
        task('5', sci, { code: 'FA2.2', rag: 'red', overdueDays: 10, compliance: 'missing' }),
        task('4', sci, { code: 'FA2.3', rag: null, compliance: 'not_due' }),
      ],
    }),
    ranking,
    areas,
    urges: [],
    notices: [
      {
        taskId: '1',
        taskTitle: '任务1',
        department: econ,
        number: '高新督〔2026〕1号',
        colour: 'red',
        issuedAt: '2026-10-10T02:00:00.000Z',
        status: 'open',
      },
    ],
    highlights: [
      { taskId: '2', reportId: 'r2', summary: '完成。其余', percentComplete: 50, score: 80 },
      { taskId: '3', reportId: 'r3', summary: '推进顺利。', percentComplete: 90, score: 95 },
      { taskId: 'x', reportId: 'rx', summary: '不在台账中。', percentComplete: 90, score: 99 },
    ],
  });

  it('counts each task once, under its lead department, by light and overdue', () => {
    expect(content.totals).toEqual({ tasks: 5, red: 2, amber: 1, green: 1, overdue: 2 });
  });
  it('counts by focus area from the work item code', () => {
    expect(content.focusAreas).toEqual([
      { code: 'FA1', name: '聚焦一', tasks: 2, red: 1, amber: 0, green: 1, overdue: 1 },
      { code: 'FA2', name: '聚焦二', tasks: 3, red: 1, amber: 1, green: 0, overdue: 1 },
    ]);
  });
  it('lists red and overdue items longest overdue first, with their lead departments', () => {
    expect(content.redItems.map((i) => [i.taskId, i.department.code, i.overdueDays])).toEqual([
      ['5', 'sci', 10],
      ['1', 'econ', 3],
    ]);
    expect(content.overdueItems.map((i) => i.taskId)).toEqual(['5', '1']);
  });
  it('scores compliance over the reports due of the tasks each department leads', () => {
    expect(content.compliance.map((c) => [c.department.code, c.due, c.onTime, c.late, c.missing])).toEqual([
      ['econ', 2, 1, 1, 0],
      ['sci', 2, 0, 0, 2],
    ]);
    expect(content.bestCompliance.map((c) => c.department.code)).toEqual(['econ']);
    expect(content.worstCompliance.map((c) => c.department.code)).toEqual(['sci']);
  });
  it('counts notices by colour', () => {
    expect(content.noticesByColour).toEqual({ blue: 0, yellow: 0, red: 1 });
  });
  it('quotes approved reports of the ledger’s tasks, best scored first', () => {
    expect(content.highlights.map((h) => [h.taskId, h.quote])).toEqual([
      ['3', '推进顺利。'],
      ['2', '完成。'],
    ]);
  });
});
