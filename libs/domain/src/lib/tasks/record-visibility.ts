import { hasPermission } from '../auth/permissions';
import type { Role } from '../auth/roles';
import type { ReportStatus } from '../progress/report-state-machine';

/*
 * Drafts belong to their department until submitted (docs/rules.md), everywhere: by id, in lists, in
 * history, in attachments. These rules decide which of a task's department records, and which
 * stage of them, a reader sees. They assume the reader may see the task itself: that is decided
 * first, by the task's visibility; a record hidden by either is a 404, like one that does not exist.
 */

/** Who reads: a role and, for department roles, the department. */
export interface RecordReader {
  role: Role;
  departmentId: string | null;
}

/** A department record's work in progress, or anything it has submitted (and what followed). */
export type RecordStage = 'draft' | 'submitted';

/** Report statuses; contributions use the first two. */
export type RecordStatus = ReportStatus;

export function recordStageOf(status: RecordStatus): RecordStage {
  return status === 'draft' ? 'draft' : 'submitted';
}

/**
 * Whether a reader sees a stage of a record that belongs to `ownerDepartmentId` (the task's lead
 * department for a report, the contributing department for a contribution). Submitted content:
 * anyone who sees the task. A draft: its own department's head and staff, and, read-only, those who
 * read every task (committee, administrator, auditors); never another department, whatever its
 * relation to the task.
 */
export function maySeeStage(reader: RecordReader, ownerDepartmentId: string, stage: RecordStage): boolean {
  if (stage === 'submitted') return true;
  if (hasPermission(reader.role, 'tasks:read-all')) return true;
  return hasPermission(reader.role, 'tasks:read-own-department') && reader.departmentId === ownerDepartmentId;
}

/** A progress report or contribution, as far as visibility goes. */
export interface DepartmentRecord {
  ownerDepartmentId: string;
  status: RecordStatus;
  /** Revisions submitted so far: a report's `revision`; a contribution has one, once submitted. */
  submittedRevisions: number;
}

/** A contribution has a single revision: its submission. */
export function contributionRecord(contribution: {
  departmentId: string;
  status: 'draft' | 'submitted';
}): DepartmentRecord {
  return {
    ownerDepartmentId: contribution.departmentId,
    status: contribution.status,
    submittedRevisions: contribution.status === 'draft' ? 0 : 1,
  };
}

/**
 * How much of a record a reader sees: `current`, the record as it is; `last-submitted`, the record
 * as it stood at its last submission (a returned report revised into a new draft: the new draft is
 * private to its department again, the submitted versions stay readable); `none`, nothing (404).
 */
export type RecordAccess = 'current' | 'last-submitted' | 'none';

export function recordAccess(reader: RecordReader, record: DepartmentRecord): RecordAccess {
  if (maySeeStage(reader, record.ownerDepartmentId, recordStageOf(record.status))) return 'current';
  if (record.submittedRevisions > 0 && maySeeStage(reader, record.ownerDepartmentId, 'submitted')) {
    return 'last-submitted';
  }
  return 'none';
}

/** A report's status as it stood at its last submission, from that revision's review (`last-submitted`). */
export function lastSubmittedStatus(decision: 'approve' | 'return' | null): RecordStatus {
  if (decision === 'approve') return 'approved';
  return decision === 'return' ? 'returned' : 'submitted';
}

/**
 * The stage of an evidence file: files are added to the revision being drafted (the owner's
 * submitted revisions + 1 at upload), so a file is a draft until that revision is submitted.
 */
export function attachmentStage(addedToRevision: number, ownerSubmittedRevisions: number): RecordStage {
  return addedToRevision > ownerSubmittedRevisions ? 'draft' : 'submitted';
}

/**
 * Audited actions on a report or contribution that belong to its submitted stage. Every other
 * action on a record (create, edits, attachment uploads, revising into a new draft, and any
 * action added later until listed here) belongs to its draft stage: hidden by default.
 */
export const SUBMITTED_STAGE_ACTIONS: readonly string[] = [
  'report.submit',
  'report.approve',
  'report.return',
  'contribution.submit',
];

export function historyEntryStage(action: string): RecordStage {
  return SUBMITTED_STAGE_ACTIONS.includes(action) ? 'submitted' : 'draft';
}

/**
 * Whether a reader sees an entry of a task's history. `recordOwnerDepartmentId` is the owner of
 * the report or contribution the entry is about (for a file, of the record it was added to), null
 * for the task's own entries and its amendments, which everyone who sees the task sees.
 */
export function maySeeHistoryEntry(
  reader: RecordReader,
  entry: { recordOwnerDepartmentId: string | null; action: string },
): boolean {
  if (entry.recordOwnerDepartmentId === null) return true;
  return maySeeStage(reader, entry.recordOwnerDepartmentId, historyEntryStage(entry.action));
}
