import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  type ChainHeadView,
  type Compliance,
  type DepartmentRefView,
  type LedgerComplianceFilter,
  type LedgerDepartmentView,
  type LedgerNoticeView,
  type LedgerUrgeView,
  type LedgerDirectiveView,
  type LedgerCloseOutView,
  directiveStatus,
  type NoticeColour,
  type UrgeLevel,
  type LedgerRevisionView,
  type LedgerStateView,
  type LedgerTaskView,
  type LedgerView,
  type Period,
  type RagReason,
  type Rag,
  type RankingView,
  type ReportStatus,
  type ReportingCycle,
  type TaskPeriodFacts,
  type TaskStatus,
  RANKING_FORMULA,
  businessDateOf,
  comparePeriods,
  complianceOf,
  countsInCompliance,
  computeRag,
  daysBetween,
  deadlineOf,
  firstOwedPeriod,
  periodRange,
  ragInputAt,
  rankByScore,
  rankingInputsOf,
  rankingScore,
  taskPeriodOfLedgerMonth,
  urgeStatus,
} from '@zibo/domain';
import type { AuthUser } from '../../core/access/auth-user';
import { Clock } from '../../core/clock';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { problems } from '../../core/problems/problem.exception';
import { AuditWriter } from '../audit';
import { SnapshotService } from '../snapshots';
import { noticeNumber } from '../supervision';

interface TaskRow {
  id: string;
  title: string;
  work_item_code: string;
  lead_department_id: string;
  status: TaskStatus;
  start_date: string | null;
  due_date: string;
  assigned_at: Date;
  closed_at: Date | null;
  reporting_cycle: ReportingCycle;
  accepted_at: Date | null;
  accepted_by_name: string | null;
  declined_at: Date | null;
  decline_reason: string | null;
  insisted_at: Date | null;
  insist_comment: string | null;
}

interface UrgeRow {
  id: string;
  task_id: string;
  created_at: Date;
  created_by_id: string | null;
  message: string;
  respond_by: string;
  level: number;
  acknowledged_at: Date | null;
  responded_at: Date | null;
  response: string | null;
}

interface NoticeRow {
  id: string;
  task_id: string;
  year: number;
  serial: number;
  colour: NoticeColour;
  issued_at: Date;
  respond_by: string;
  text: string;
  responded_at: Date | null;
  response: string | null;
}

interface DirectiveRow {
  id: string;
  task_id: string;
  issued_at: Date;
  issued_by_name: string | null;
  text: string;
  respond_by: string;
  responded_at: Date | null;
  response: string | null;
}

interface CloseOutRow {
  task_id: string;
  signed_at: Date;
  signed_by_name: string | null;
  summary: string;
  evidence: string[];
}

interface ReportRow {
  id: string;
  task_id: string;
  status: ReportStatus;
  first_submitted_at: Date | null;
  submitted_at: Date | null;
}

interface RevisionRow {
  report_id: string;
  revision: number;
  submitted_at: Date;
  percent_complete: number | null;
  decision: 'approve' | 'return' | null;
  review_comment: string | null;
  score: number | null;
  reviewed_at: Date | null;
  reviewer_name: string | null;
}

interface SnapshotRow {
  task_id: string;
  taken_at: Date;
  status: TaskStatus;
  rag: Rag | null;
  overdue: boolean;
  percent_complete: number;
  expected_percent: number | null;
  reasons: RagReason[];
  due_date: string | null;
}

/** A task's ledger line, without the department's role in it, and what it adds to the ranking. */
interface TaskEntry {
  view: Omit<LedgerTaskView, 'role'>;
  leadDepartmentId: string;
  coDepartmentIds: string[];
  /** Counted in the dashboard's compliance of its period (open now, owing it). */
  countsInCompliance: boolean;
  facts: TaskPeriodFacts;
}

/** Narrowings of the ledger to what one dashboard number counts. */
export interface LedgerFilter {
  leadDepartmentId?: string;
  compliance?: LedgerComplianceFilter;
}

/** Everything the ledger and the ranking of one month are built from, read in one database snapshot. */
interface LedgerData {
  period: Period;
  deadline: Date;
  closed: boolean;
  generatedAt: Date;
  chainHead: ChainHeadView | null;
  departments: (DepartmentRefView & { active: boolean })[];
  entries: TaskEntry[];
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/**
 * 督办台账 and 考核排名. A ledger month covers every report that closes at that month's deadline:
 * the month of monthly tasks and, in March, June, September and December, the quarter of quarterly
 * ones. A task belongs to it when it owed that report (open at the deadline, from its first owed
 * period on) or filed one. How the task stood at the close comes from its status snapshot; while the
 * period is still open (or for a task closed before the deadline that filed anyway) it is computed
 * the same way, by computeRag() on the facts as they stand.
 */
@Injectable()
export class LedgerService {
  constructor(
    private readonly snapshots: SnapshotService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditWriter,
  ) {}

  /** Who took the ledger away as a file, and which one: a security event (`ledger.export`). */
  async recordExport(
    actor: AuthUser,
    file: {
      format: string;
      period: Period;
      departmentId: string | undefined;
      leadDepartmentId?: string;
      compliance?: LedgerComplianceFilter;
      chainHead: ChainHeadView | null;
    },
  ): Promise<void> {
    await this.unitOfWork.run((tx) =>
      this.audit.append(tx, {
        actor: { id: actor.id, role: actor.role, departmentId: actor.departmentId },
        action: 'ledger.export',
        entityType: 'ledger',
        entityId: null,
        after: {
          format: file.format,
          period: file.period,
          department: file.departmentId ?? null,
          ...(file.leadDepartmentId ? { leadDepartment: file.leadDepartmentId } : {}),
          ...(file.compliance ? { compliance: file.compliance } : {}),
          chainHeadSeq: file.chainHead?.seq ?? null,
        },
      }),
    );
  }

  async ledger(period: Period, departmentId: string | undefined, filter: LedgerFilter = {}): Promise<LedgerView> {
    const data = await this.collect(period, departmentId, filter.leadDepartmentId);
    // Lead-only and by compliance: exactly the tasks the dashboard counts (countsInCompliance).
    const entries = data.entries.filter(
      (e) =>
        (!filter.leadDepartmentId || e.leadDepartmentId === filter.leadDepartmentId) &&
        (!filter.compliance || (e.countsInCompliance && e.facts.compliance === filter.compliance)),
    );
    const narrowed = departmentId !== undefined || filter.leadDepartmentId !== undefined;
    const departments: LedgerDepartmentView[] = data.departments
      .filter((d) => !filter.leadDepartmentId || d.id === filter.leadDepartmentId)
      .filter((d) => narrowed || d.active || entries.some((e) => involves(e, d.id)))
      .map((d) => ({
        id: d.id,
        code: d.code,
        name: d.name,
        tasks: entries
          .filter((e) => involves(e, d.id))
          .map((e): LedgerTaskView => ({ ...e.view, role: e.leadDepartmentId === d.id ? 'lead' : 'co' }))
          .sort(
            (a, b) =>
              Number(a.role === 'co') - Number(b.role === 'co') ||
              a.workItemCode.localeCompare(b.workItemCode) ||
              a.title.localeCompare(b.title, 'zh-CN'),
          ),
      }));
    return {
      period,
      deadline: data.deadline.toISOString(),
      closed: data.closed,
      generatedAt: data.generatedAt.toISOString(),
      chainHead: data.chainHead,
      formulaVersion: RANKING_FORMULA.version,
      departments,
    };
  }

  /** Departments by the ranking formula over the tasks they lead in the month. */
  async ranking(period: Period): Promise<RankingView> {
    const data = await this.collect(period, undefined);
    const scored = data.departments
      .map((d) => ({ department: d, facts: data.entries.filter((e) => e.leadDepartmentId === d.id) }))
      .filter(({ department, facts }) => department.active || facts.length > 0)
      .map(({ department, facts }) => ({
        key: department.code,
        department,
        ...rankingScore(rankingInputsOf(facts.map((e) => e.facts))),
      }));
    return {
      period,
      deadline: data.deadline.toISOString(),
      closed: data.closed,
      generatedAt: data.generatedAt.toISOString(),
      chainHead: data.chainHead,
      formula: RANKING_FORMULA,
      items: rankByScore(scored).map((entry) => ({
        id: entry.department.id,
        code: entry.department.code,
        name: entry.department.name,
        rank: entry.rank,
        score: entry.score,
        components: entry.components,
        inputs: entry.inputs,
        formulaVersion: entry.formulaVersion,
      })),
    };
  }

  private async collect(
    period: Period,
    departmentId: string | undefined,
    leadDepartmentId?: string,
  ): Promise<LedgerData> {
    const now = this.clock.now();
    const { reportDueDay, businessTimeZone: zone } = this.config;
    if (periodRange(period).first > businessDateOf(now, zone)) {
      throw problems.unprocessable([{ field: 'period', code: 'future', message: 'This period has not begun' }]);
    }
    await this.snapshots.takeDue(now);
    const deadline = deadlineOf(period, reportDueDay, zone);
    const closed = now.getTime() >= deadline.getTime();
    // Judged at the close, or now while the period is open.
    const instant = closed ? deadline : now;
    // One snapshot of the database for all reads, the chain head included: the file says exactly
    // which state of the audit log it was computed at.
    return this.unitOfWork.snapshot(async (tx) => {
      const [head] = await tx.query<
        {
          seq: number;
          hash: string;
        }[]
      >('SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1');
      const departments: (DepartmentRefView & { active: boolean })[] = await tx.query(
        'SELECT id, code, name, active FROM department ORDER BY code',
      );
      for (const [field, id] of [
        ['department', departmentId],
        ['leadDepartment', leadDepartmentId],
      ] as const) {
        if (id && !departments.some((d) => d.id === id)) {
          throw problems.unprocessable([{ field, code: 'unknown', message: 'No such department' }]);
        }
      }
      const entries = await this.entries(tx, period, deadline, instant, now, departmentId, departments);
      return {
        period,
        deadline,
        closed,
        generatedAt: now,
        chainHead: head ? { seq: head.seq, hash: head.hash } : null,
        departments: departmentId ? departments.filter((d) => d.id === departmentId) : departments,
        entries,
      };
    });
  }

  private async entries(
    tx: EntityManager,
    month: Period,
    deadline: Date,
    instant: Date,
    now: Date,
    departmentId: string | undefined,
    departments: DepartmentRefView[],
  ): Promise<TaskEntry[]> {
    const { reportDueDay, businessTimeZone: zone } = this.config;
    const taskPeriods = [taskPeriodOfLedgerMonth(month, 'monthly'), taskPeriodOfLedgerMonth(month, 'quarterly')].filter(
      (p): p is Period => p !== null,
    );
    // Assigned after the deadline: its first owed period is later, and earlier reports are refused.
    const candidates: TaskRow[] = await tx.query(
      `SELECT t.id, t.title, t.work_item_code, t.lead_department_id, t.status, t.start_date, t.due_date, t.assigned_at,
              t.closed_at, t.reporting_cycle, t.accepted_at, accepter.display_name AS accepted_by_name,
              t.declined_at, t.decline_reason, t.insisted_at, t.insist_comment
         FROM task t LEFT JOIN app_user accepter ON accepter.id = t.accepted_by_id
        WHERE t.status <> 'draft' AND t.assigned_at IS NOT NULL AND t.assigned_at < $1
          AND ($2::uuid IS NULL OR t.lead_department_id = $2 OR EXISTS (
                SELECT 1 FROM task_co_department co WHERE co.task_id = t.id AND co.department_id = $2))`,
      [instant, departmentId ?? null],
    );
    const candidateIds = candidates.map((t) => t.id);
    // Monthly and quarterly period names never collide: one list serves both cycles.
    const reports: ReportRow[] = await tx.query(
      `SELECT id, task_id, status, first_submitted_at, submitted_at
         FROM progress_report WHERE task_id = ANY($1) AND period = ANY($2)`,
      [candidateIds, taskPeriods],
    );
    const reportByTask = new Map(reports.map((r) => [r.task_id, r]));

    const tasks = candidates.filter((t) => {
      const period = taskPeriodOfLedgerMonth(month, t.reporting_cycle);
      if (!period) return false;
      if (reportByTask.get(t.id)?.first_submitted_at) return true;
      const first = firstOwedPeriod({
        startDate: t.start_date,
        assignedAt: t.assigned_at,
        reportingCycle: t.reporting_cycle,
        timeZone: zone,
      });
      const openAtClose = !t.closed_at || t.closed_at.getTime() > instant.getTime();
      return first !== null && comparePeriods(period, first) >= 0 && openAtClose;
    });
    const ids = tasks.map((t) => t.id);
    if (!ids.length) return [];

    const coOwners: { task_id: string; department_id: string }[] = await tx.query(
      'SELECT task_id, department_id FROM task_co_department WHERE task_id = ANY($1)',
      [ids],
    );
    const milestones: { task_id: string; title: string; planned_date: string; done_date: string | null }[] =
      await tx.query(
        'SELECT task_id, title, planned_date, done_date FROM milestone WHERE task_id = ANY($1) ORDER BY task_id, position',
        [ids],
      );
    const revisions: RevisionRow[] = await tx.query(
      `SELECT v.report_id, v.revision, v.submitted_at, (v.content ->> 'percentComplete')::int AS percent_complete,
              v.decision, v.review_comment, v.score, v.reviewed_at, u.display_name AS reviewer_name
         FROM progress_report_version v LEFT JOIN app_user u ON u.id = v.reviewed_by_id
        WHERE v.report_id = ANY($1)
        ORDER BY v.report_id, v.revision`,
      [reports.map((r) => r.id)],
    );
    const snapshots: SnapshotRow[] = await tx.query(
      `SELECT task_id, taken_at, status, rag, overdue, percent_complete, expected_percent, reasons,
              inputs ->> 'dueDate' AS due_date
         FROM status_snapshot WHERE task_id = ANY($1) AND period = ANY($2)`,
      [ids, taskPeriods],
    );
    const snapshotByTask = new Map(snapshots.map((s) => [s.task_id, s]));
    // Only tasks without a snapshot need their history: those of a period still open, mostly.
    const histories = await this.snapshots.loadHistories(
      tx,
      ids.filter((id) => !snapshotByTask.has(id)),
    );
    // 催办 and 督办单 of the report period (by business date), their answers as they stand now.
    const urges: UrgeRow[] = await tx.query(
      `SELECT id, task_id, created_at, created_by_id, message, to_char(respond_by, 'YYYY-MM-DD') AS respond_by, level,
              acknowledged_at, responded_at, response
         FROM urge WHERE task_id = ANY($1) ORDER BY created_at, id`,
      [ids],
    );
    const notices: NoticeRow[] = await tx.query(
      `SELECT id, task_id, year, serial, colour, issued_at, to_char(respond_by, 'YYYY-MM-DD') AS respond_by, text,
              responded_at, response
         FROM supervision_notice WHERE task_id = ANY($1) ORDER BY issued_at, year, serial`,
      [ids],
    );
    // 领导批示 of the report period; the sign-off (办结销号) of a completed task whenever it was.
    const directives: DirectiveRow[] = await tx.query(
      `SELECT d.id, d.task_id, d.issued_at, u.display_name AS issued_by_name, d.text,
              to_char(d.respond_by, 'YYYY-MM-DD') AS respond_by, d.responded_at, d.response
         FROM directive d LEFT JOIN app_user u ON u.id = d.issued_by_id
        WHERE d.task_id = ANY($1) ORDER BY d.issued_at, d.id`,
      [ids],
    );
    const closeOuts: CloseOutRow[] = await tx.query(
      `SELECT c.task_id, c.signed_at, u.display_name AS signed_by_name, c.summary,
              ARRAY(SELECT a.file_name FROM attachment a WHERE a.close_out_request_id = c.id
                     ORDER BY a.uploaded_at, a.id) AS evidence
         FROM close_out_request c LEFT JOIN app_user u ON u.id = c.signed_by_id
        WHERE c.task_id = ANY($1) AND c.signed_at IS NOT NULL AND c.signed_at <= $2`,
      [ids, now],
    );
    const closeOutByTask = new Map(closeOuts.map((c) => [c.task_id, c]));
    const today = businessDateOf(now, zone);
    const departmentById = new Map(departments.map((d) => [d.id, { id: d.id, code: d.code, name: d.name }]));
    const refOf = (id: string): DepartmentRefView => departmentById.get(id) ?? { id, code: '', name: '' };

    return tasks.map((t): TaskEntry => {
      const period = taskPeriodOfLedgerMonth(month, t.reporting_cycle) as Period;
      const report = reportByTask.get(t.id) ?? null;
      const reportRevisions = report ? revisions.filter((v) => v.report_id === report.id) : [];
      const compliance: Compliance = complianceOf(report?.first_submitted_at ?? null, deadline, now);
      const snapshot = snapshotByTask.get(t.id);
      let atClose: LedgerStateView;
      if (snapshot) {
        const dueDate = snapshot.due_date ?? t.due_date;
        atClose = {
          source: 'snapshot',
          at: snapshot.taken_at.toISOString(),
          status: snapshot.status,
          rag: snapshot.rag,
          reasons: snapshot.reasons,
          overdue: snapshot.overdue,
          overdueDays: snapshot.overdue ? daysBetween(dueDate, businessDateOf(snapshot.taken_at, zone)) : 0,
          dueDate,
          percentComplete: snapshot.percent_complete,
          expectedPercent: snapshot.expected_percent,
        };
      } else {
        const history = histories.get(t.id);
        if (!history) throw new Error(`No history loaded for task ${t.id}`);
        const input = ragInputAt(history, instant, { reportDueDay, timeZone: zone });
        const result = computeRag(input);
        atClose = {
          source: 'computed',
          at: instant.toISOString(),
          status: input.status,
          rag: result.rag,
          reasons: result.reasons,
          overdue: result.overdue,
          overdueDays: result.overdue ? daysBetween(input.dueDate, businessDateOf(instant, zone)) : 0,
          dueDate: input.dueDate,
          percentComplete: result.percentComplete,
          expectedPercent: result.expectedPercent,
        };
      }
      const lastScored = [...reportRevisions].reverse().find((v) => v.score !== null);
      const facts: TaskPeriodFacts = {
        compliance,
        reviewScore: lastScored?.score ?? null,
        overdue: atClose.overdue,
        percentComplete: atClose.percentComplete,
        expectedPercent: atClose.expectedPercent,
      };
      const score = rankingScore(rankingInputsOf([facts]));
      const periodEnd = periodRange(period).last;
      const own = milestones.filter((m) => m.task_id === t.id);
      const plannedByEnd = own.filter((m) => m.planned_date <= periodEnd);
      const coDepartmentIds = coOwners.filter((c) => c.task_id === t.id).map((c) => c.department_id);
      // "Due 5 May" is the last day before the deadline at 00:00 on the 6th.
      const dueOn = businessDateOf(new Date(deadline.getTime() - 1), zone);
      const firstSubmitted = report?.first_submitted_at ?? null;
      const range = periodRange(period);
      const inPeriod = (at: Date) => {
        const day = businessDateOf(at, zone);
        return day >= range.first && day <= range.last && at.getTime() <= now.getTime();
      };
      return {
        leadDepartmentId: t.lead_department_id,
        coDepartmentIds,
        countsInCompliance: countsInCompliance(
          {
            status: t.status,
            startDate: t.start_date,
            assignedAt: t.assigned_at,
            reportingCycle: t.reporting_cycle,
            timeZone: zone,
          },
          period,
        ),
        facts,
        view: {
          taskId: t.id,
          title: t.title,
          workItemCode: t.work_item_code,
          leadDepartment: refOf(t.lead_department_id),
          coDepartments: coDepartmentIds.map(refOf),
          status: t.status,
          dueDate: t.due_date,
          reportingCycle: t.reporting_cycle,
          period,
          deadline: deadline.toISOString(),
          milestones: {
            plannedByPeriodEnd: plannedByEnd.length,
            doneByPeriodEnd: plannedByEnd.filter((m) => m.done_date !== null && m.done_date <= periodEnd).length,
            items: own.map((m) => ({ title: m.title, plannedDate: m.planned_date, doneDate: m.done_date })),
          },
          compliance,
          report: report && {
            id: report.id,
            status: report.status,
            firstSubmittedAt: iso(firstSubmitted),
            lastSubmittedAt: iso(report.submitted_at),
            daysLate:
              compliance === 'late' && firstSubmitted ? daysBetween(dueOn, businessDateOf(firstSubmitted, zone)) : null,
            revisions: reportRevisions.map((v): LedgerRevisionView => ({
              revision: v.revision,
              submittedAt: v.submitted_at.toISOString(),
              percentComplete: v.percent_complete ?? 0,
              decision: v.decision,
              comment: v.review_comment,
              score: v.score,
              reviewedAt: iso(v.reviewed_at),
              reviewerName: v.reviewer_name,
            })),
          },
          atClose,
          receipt: {
            acceptedAt: iso(t.accepted_at),
            acceptedByName: t.accepted_by_name,
            declinedAt: iso(t.declined_at),
            declineReason: t.decline_reason,
            insistedAt: iso(t.insisted_at),
            insistComment: t.insist_comment,
          },
          urges: urges
            .filter((u) => u.task_id === t.id && inPeriod(u.created_at))
            .map((u): LedgerUrgeView => ({
              id: u.id,
              createdAt: u.created_at.toISOString(),
              automatic: u.created_by_id === null,
              message: u.message,
              respondBy: u.respond_by,
              level: Number(u.level) as UrgeLevel,
              status: urgeStatus({ respondBy: u.respond_by, respondedAt: u.responded_at }, today),
              acknowledgedAt: iso(u.acknowledged_at),
              respondedAt: iso(u.responded_at),
              response: u.response,
            })),
          notices: notices
            .filter((n) => n.task_id === t.id && inPeriod(n.issued_at))
            .map((n): LedgerNoticeView => ({
              id: n.id,
              number: noticeNumber(n.year, n.serial),
              colour: n.colour,
              issuedAt: n.issued_at.toISOString(),
              respondBy: n.respond_by,
              text: n.text,
              status: urgeStatus({ respondBy: n.respond_by, respondedAt: n.responded_at }, today),
              respondedAt: iso(n.responded_at),
              response: n.response,
            })),
          directives: directives
            .filter((d) => d.task_id === t.id && inPeriod(d.issued_at))
            .map((d): LedgerDirectiveView => ({
              id: d.id,
              issuedAt: d.issued_at.toISOString(),
              issuedByName: d.issued_by_name,
              text: d.text,
              respondBy: d.respond_by,
              status: directiveStatus({ respondBy: d.respond_by, respondedAt: d.responded_at }, today),
              respondedAt: iso(d.responded_at),
              response: d.response,
            })),
          closeOut: closeOutOf(closeOutByTask.get(t.id)),
          score: score.score,
          scoreInputs: score.inputs,
        },
      };
    });
  }
}

function closeOutOf(row: CloseOutRow | undefined): LedgerCloseOutView | null {
  return row
    ? {
        signedAt: row.signed_at.toISOString(),
        signedByName: row.signed_by_name,
        summary: row.summary,
        evidence: row.evidence,
      }
    : null;
}

function involves(entry: TaskEntry, departmentId: string): boolean {
  return entry.leadDepartmentId === departmentId || entry.coDepartmentIds.includes(departmentId);
}
