import {
  type AttachmentView,
  type Compliance,
  type ContributionView,
  type DepartmentRecord,
  type ReportVersionView,
  type ReportView,
  lastSubmittedStatus,
} from '@zibo/domain';
import type { Attachment } from './attachment.entity';
import type { ProgressReport, ProgressReportVersion, ReportContent } from './progress-report.entity';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function toAttachmentView(a: Attachment): AttachmentView {
  return {
    id: a.id,
    fileName: a.fileName,
    contentType: a.contentType,
    size: a.size,
    sha256: a.sha256,
    uploadedAt: a.uploadedAt.toISOString(),
    uploadedById: a.uploadedById,
    revision: a.revision,
  };
}

export function toVersionView(v: ProgressReportVersion): ReportVersionView {
  const { percentComplete, summary, problems, nextSteps, indicatorActuals, final } = v.content;
  return {
    revision: v.revision,
    percentComplete,
    summary,
    problems,
    nextSteps,
    indicatorActuals,
    final,
    submittedAt: v.submittedAt.toISOString(),
    submittedById: v.submittedById,
    decision: v.decision,
    reviewComment: v.reviewComment,
    score: v.score,
    reviewedAt: iso(v.reviewedAt),
    reviewedById: v.reviewedById,
  };
}

/** What a report holds now; a draft may have no percent yet. */
export type DraftContent = Omit<ReportContent, 'percentComplete'> & { percentComplete: number | null };

export function contentOf(report: ProgressReport): DraftContent {
  return {
    percentComplete: report.percentComplete,
    summary: report.summary,
    problems: report.problems,
    nextSteps: report.nextSteps,
    indicatorActuals: report.indicatorActuals,
    final: report.final,
    percentDecreaseReason: report.percentDecreaseReason,
  };
}

export function toReportView(
  report: ProgressReport,
  extras: {
    versions: ProgressReportVersion[];
    attachments: Attachment[];
    contributions: ContributionView[];
    compliance: Compliance;
    deadline: Date;
  },
): ReportView {
  return {
    id: report.id,
    taskId: report.taskId,
    period: report.period,
    status: report.status,
    revision: report.revision,
    version: report.version,
    ...contentOf(report),
    authorId: report.authorId,
    submittedById: report.submittedById,
    submittedAt: iso(report.submittedAt),
    firstSubmittedAt: iso(report.firstSubmittedAt),
    readyAt: iso(report.readyAt),
    readyById: report.readyById,
    returnCount: report.returnCount,
    reviewComment: report.reviewComment,
    score: report.score,
    compliance: extras.compliance,
    deadline: extras.deadline.toISOString(),
    createdAt: report.createdAt.toISOString(),
    updatedAt: report.updatedAt.toISOString(),
    versions: [...extras.versions].sort((a, b) => a.revision - b.revision).map(toVersionView),
    attachments: extras.attachments.map(toAttachmentView),
    contributions: extras.contributions,
  };
}

/** The content of a submission: submitting needs a percent (checkSubmittable), so it has one. */
export function submittedContentOf(report: ProgressReport): ReportContent {
  const { percentComplete } = report;
  if (percentComplete === null) throw new Error('A report is submitted only with its percent complete');
  return { ...contentOf(report), percentComplete };
}

/** The audited content of a report (what changed between drafts and submissions). */
export function auditedReportFields(report: ProgressReport): Record<string, unknown> {
  return { period: report.period, status: report.status, revision: report.revision, ...contentOf(report) };
}

/** A report for the visibility rule: the task's lead department owns it. */
export function reportRecord(report: ProgressReport, leadDepartmentId: string): DepartmentRecord {
  return { ownerDepartmentId: leadDepartmentId, status: report.status, submittedRevisions: report.revision };
}

/**
 * The report as it stood at its last submission (revision `last`): content, status and review of
 * that revision, for readers who may not see the draft it was revised into.
 */
export function asLastSubmitted(report: ProgressReport, last: ProgressReportVersion): ProgressReport {
  return {
    ...report,
    ...last.content,
    percentDecreaseReason: last.content.percentDecreaseReason ?? null,
    status: lastSubmittedStatus(last.decision),
    submittedAt: last.submittedAt,
    submittedById: last.submittedById,
    reviewComment: last.reviewComment,
    score: last.score,
    reviewedById: last.reviewedById,
    reviewedAt: last.reviewedAt,
    updatedAt: last.reviewedAt ?? last.submittedAt,
  };
}
