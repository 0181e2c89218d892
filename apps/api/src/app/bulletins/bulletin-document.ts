import type { BulletinView, NoticeColour, RagReason, UrgeLevel, UrgeStatus } from '@zibo/domain';
import { RAG_LABELS } from '../../core/documents/document-labels';

/** One section of a printed bulletin: a numbered heading, paragraphs, and optionally a table. */
export interface BulletinSection {
  heading: string;
  paragraphs: string[];
  table?: { columns: { label: string; width: number; align?: 'left' | 'center' }[]; rows: string[][] };
}

/** The printed bulletin as the PDF and DOCX renderers both lay it out: the same words in both. */
export interface BulletinDocument {
  masthead: string;
  number: string;
  title: string;
  issuedOn: string;
  addressees: string;
  sections: BulletinSection[];
  signature: string;
  draft: boolean;
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const NOTICE_LABELS: Record<NoticeColour, string> = { blue: '蓝色提示', yellow: '黄色督办', red: '红色挂牌督办' };
const URGE_LEVEL_LABELS: Record<UrgeLevel, string> = { 1: '一级催办', 2: '二级催办', 3: '三级催办' };
const ANSWER_LABELS: Record<UrgeStatus, string> = { open: '待答复', answered: '已答复', overdue: '逾期未复' };
const REASON_LABELS: Record<RagReason, string> = {
  overdue: '超期未完成',
  two_periods_missing: '连续两期未报送',
  returned_twice: '报告两次被退回',
  last_period_missing: '上期未报送',
  behind_schedule: '进度滞后',
};

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);
const chineseDate = (date: string) => {
  const [y, m, d] = date.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
};
const monthWords = (period: string) => {
  const [y, m] = period.split('-');
  return `${y}年${Number(m)}月`;
};

/** Lays out a bulletin in the form of an official bulletin (督查通报): masthead, 文号, title, sections. */
export function bulletinDocument(
  bulletin: BulletinView,
  names: { issuedOn: string; departments: string[] },
): BulletinDocument {
  const c = bulletin.content;
  const t = c.totals;
  const month = monthWords(c.period);
  const sections: BulletinSection[] = [];
  const add = (heading: string, paragraphs: string[], table?: BulletinSection['table']) =>
    sections.push({ heading: `${NUMERALS[sections.length]}、${heading}`, paragraphs, ...(table ? { table } : {}) });

  const overview = [
    `${month}，纳入督办台账的重点任务共${t.tasks}项，其中红灯${t.red}项、黄灯${t.amber}项、绿灯${t.green}项，` +
      `逾期${t.overdue}项。${c.closed ? '' : '（本月报送期尚未截止，数据为生成时的情况。）'}`,
    ...bulletin.narrative
      .split(/\n+/u)
      .map((p) => p.trim())
      .filter(Boolean),
  ];
  add('总体情况', overview);
  add('各聚焦领域推进情况', [], {
    columns: [
      { label: '聚焦领域', width: 4 },
      { label: '任务数', width: 1 },
      { label: '红灯', width: 1 },
      { label: '黄灯', width: 1 },
      { label: '绿灯', width: 1 },
      { label: '逾期', width: 1 },
    ],
    rows: c.focusAreas.map((a) => [a.name, a.tasks, a.red, a.amber, a.green, a.overdue].map(String)),
  });
  const reds = c.redItems.map(
    (i, n) =>
      `${n + 1}. ${i.title}（牵头单位：${i.department.name}；${i.reasons.map((r) => REASON_LABELS[r]).join('、') || RAG_LABELS.red}` +
      `${i.overdue ? `，已逾期${i.overdueDays}天` : ''}；完成${i.percentComplete}%）`,
  );
  const overdueOnly = c.overdueItems
    .filter((i) => i.rag !== 'red')
    .map((i, n) => `${n + 1}. ${i.title}（牵头单位：${i.department.name}；已逾期${i.overdueDays}天）`);
  add('红灯及逾期事项', [
    c.redItems.length || c.overdueItems.length
      ? `亮红灯事项${c.redItems.length}项，逾期事项${c.overdueItems.length}项。`
      : '本月无亮红灯及逾期事项。',
    ...reds,
    ...(overdueOnly.length ? ['其他逾期事项：', ...overdueOnly] : []),
  ]);
  const standing = (rows: typeof c.bestCompliance) =>
    rows
      .map((r) => `${r.department.name}（应报${r.due}项，按时${r.onTime}项，逾期${r.late}项，未报${r.missing}项）`)
      .join('；');
  add(
    '进度报送情况',
    [
      c.bestCompliance.length ? `按时报送较好的单位：${standing(c.bestCompliance)}。` : '本月无应报送的进度报告。',
      ...(c.worstCompliance.length ? [`报送情况较差的单位：${standing(c.worstCompliance)}。`] : []),
    ],
    {
      columns: [
        { label: '单位', width: 4 },
        { label: '应报', width: 1 },
        { label: '按时', width: 1 },
        { label: '逾期', width: 1 },
        { label: '未报', width: 1 },
        { label: '按时率', width: 1.4 },
      ],
      rows: c.compliance.map((r) => [
        r.department.name,
        String(r.due),
        String(r.onTime),
        String(r.late),
        String(r.missing),
        percent(r.onTimeRate),
      ]),
    },
  );
  add('考核排名', [`按考核排名公式（${c.formulaVersion}）计算，各单位得分及排名如下。`], {
    columns: [
      { label: '名次', width: 1, align: 'center' },
      { label: '单位', width: 4, align: 'left' },
      { label: '得分', width: 1.4, align: 'center' },
    ],
    rows: c.ranking.map((r) => [
      r.rank === null ? '—' : String(r.rank),
      r.department.name,
      r.score === null ? '—' : r.score.toFixed(2),
    ]),
  });
  const colours = c.noticesByColour;
  add('催办督办情况', [
    `本月共发出催办${c.urges.length}次，督办单${c.notices.length}份（蓝色提示${colours.blue}份、黄色督办${colours.yellow}份、红色挂牌督办${colours.red}份）。`,
    ...c.notices.map(
      (n) =>
        `${n.number}\u3000${NOTICE_LABELS[n.colour]}：${n.taskTitle}（${n.department.name}，${ANSWER_LABELS[n.status]}）`,
    ),
    ...c.urges.map(
      (u) =>
        `${URGE_LEVEL_LABELS[u.level]}${u.automatic ? '（自动）' : ''}：${u.taskTitle}（${u.department.name}，${ANSWER_LABELS[u.status]}）`,
    ),
  ]);
  add(
    '工作亮点',
    c.highlights.length
      ? c.highlights.map((h) => `${h.department.name}「${h.taskTitle}」：“${h.quote}”`)
      : ['本月暂无审核通过的进度报告。'],
  );
  return {
    masthead: '重点工作督查通报',
    number: bulletin.number ?? '（草稿，未编号）',
    title: bulletin.title,
    issuedOn: chineseDate(names.issuedOn),
    addressees: `${names.departments.join('、')}：`,
    sections,
    signature: '淄博高新区管委会督查室',
    draft: bulletin.status === 'draft',
  };
}
