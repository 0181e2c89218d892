import {
  REPORT_STATUSES,
  type RecordReader,
  SUBMITTED_STAGE_ACTIONS,
  attachmentStage,
  maySeeHistoryEntry,
  maySeeStage,
  recordAccess,
} from '@zibo/domain';

/*
 * The SQL side of the domain's record visibility (libs/domain record-visibility.ts), for lists and
 * the access guard. The SQL is generated from the pure rule, never written beside it: rows are split
 * into classes (whose department owns the record, what state it is in), the rule is asked about one
 * sample of each class for this reader, and the admitted classes become the condition.
 * record-visibility.integration-spec.ts checks the result against the rule row by row in PostgreSQL.
 */

export interface SqlCondition {
  sql: string;
  params: unknown[];
}

interface RowClass {
  test: string;
  admitted: boolean;
}

/** Classes that share a test (`test`), told apart by their own tests. */
interface RowGroup {
  test: string;
  classes: RowClass[];
}

function admittedSql(groups: RowGroup[]): string {
  const parts: string[] = [];
  let everything = true;
  for (const group of groups) {
    const admitted = group.classes.filter((c) => c.admitted);
    if (admitted.length < group.classes.length) everything = false;
    if (!admitted.length) continue;
    parts.push(
      admitted.length === group.classes.length
        ? `(${group.test})`
        : `(${group.test} AND (${admitted.map((c) => c.test).join(' OR ')}))`,
    );
  }
  if (everything) return 'TRUE';
  return parts.length ? `(${parts.join(' OR ')})` : 'FALSE';
}

/** The condition with the reader's department as `$<param>`, when the SQL uses it. */
function withDepartment(sql: string, reader: RecordReader, param: string): SqlCondition {
  return { sql, params: sql.includes(param) ? [reader.departmentId] : [] };
}

// A department that is not the reader's, to ask the rule about "another department".
const ANOTHER_DEPARTMENT = '(another department)';

/** The reader's own department (none for readers without one) and every other, on `column`. */
function ownerClasses(reader: RecordReader, column: string, param: string): { test: string; owner: string }[] {
  const others = { test: `${column} IS DISTINCT FROM ${param}::uuid`, owner: ANOTHER_DEPARTMENT };
  return reader.departmentId ? [{ test: `${column} = ${param}::uuid`, owner: reader.departmentId }, others] : [others];
}

/** SQL expressions for a report or contribution row (see `reportColumns`, `contributionColumns`). */
export interface RecordColumns {
  ownerDepartmentId: string;
  status: string;
  submittedRevisions: string;
}

/** A report aliased `report` of its task aliased `task`: the lead department owns it. */
export const reportColumns = (report: string, task: string): RecordColumns => ({
  ownerDepartmentId: `${task}.lead_department_id`,
  status: `${report}.status`,
  submittedRevisions: `${report}.revision`,
});

/** A contribution aliased `c`: one revision, once submitted (contributionRecord() in the domain). */
export const contributionColumns = (c: string): RecordColumns => ({
  ownerDepartmentId: `${c}.department_id`,
  status: `${c}.status`,
  submittedRevisions: `(CASE WHEN ${c}.status = 'draft' THEN 0 ELSE 1 END)`,
});

/** Reports or contributions the reader sees at all (`recordAccess` is not `none`), `$<firstParam>` on. */
export function visibleRecordCondition(reader: RecordReader, row: RecordColumns, firstParam: number): SqlCondition {
  const param = `$${firstParam}`;
  const groups: RowGroup[] = [];
  for (const owner of ownerClasses(reader, row.ownerDepartmentId, param)) {
    for (const submitted of [
      { test: `${row.submittedRevisions} = 0`, revisions: 0 },
      { test: `${row.submittedRevisions} > 0`, revisions: 1 },
    ]) {
      groups.push({
        test: `${owner.test} AND ${submitted.test}`,
        classes: REPORT_STATUSES.map((status) => ({
          test: `${row.status} = '${status}'`,
          admitted:
            recordAccess(reader, {
              ownerDepartmentId: owner.owner,
              status,
              submittedRevisions: submitted.revisions,
            }) !== 'none',
        })),
      });
    }
  }
  return withDepartment(admittedSql(groups), reader, param);
}

/** SQL expressions for an attachment row: its record's owner, the revision it joined, the record's. */
export interface AttachmentColumns {
  ownerDepartmentId: string;
  addedToRevision: string;
  ownerSubmittedRevisions: string;
}

/**
 * An attachment aliased `a`, with its report `r` (of task `t`) or contribution `c` joined: report
 * files carry the revision they were added to; a contribution's all join its only revision.
 */
export const attachmentColumns = (a: string, r: string, c: string, t: string): AttachmentColumns => ({
  ownerDepartmentId: `(CASE WHEN ${a}.contribution_id IS NULL THEN ${t}.lead_department_id ELSE ${c}.department_id END)`,
  addedToRevision: `(CASE WHEN ${a}.contribution_id IS NULL THEN ${a}.revision ELSE 1 END)`,
  ownerSubmittedRevisions: `(CASE WHEN ${a}.contribution_id IS NULL THEN ${r}.revision WHEN ${c}.status = 'draft' THEN 0 ELSE 1 END)`,
});

/** Attachments whose stage (`attachmentStage`) the reader sees, `$<firstParam>` on. */
export function visibleAttachmentCondition(
  reader: RecordReader,
  row: AttachmentColumns,
  firstParam: number,
): SqlCondition {
  const param = `$${firstParam}`;
  const stages: { test: string; added: number; submitted: number }[] = [
    { test: `${row.addedToRevision} > ${row.ownerSubmittedRevisions}`, added: 1, submitted: 0 },
    { test: `${row.addedToRevision} <= ${row.ownerSubmittedRevisions}`, added: 1, submitted: 1 },
  ];
  const groups = ownerClasses(reader, row.ownerDepartmentId, param).map((owner) => ({
    test: owner.test,
    classes: stages.map((stage) => ({
      test: stage.test,
      admitted: maySeeStage(reader, owner.owner, attachmentStage(stage.added, stage.submitted)),
    })),
  }));
  return withDepartment(admittedSql(groups), reader, param);
}

const SQL_WORD = /^[a-z_.-]+$/;

/**
 * History entries (audit events aliased by `action`) the reader sees: `owner` is the SQL for the
 * owning department of the record the entry is about, NULL for the task's own entries.
 */
export function visibleHistoryCondition(
  reader: RecordReader,
  row: { recordOwnerDepartmentId: string; action: string },
  firstParam: number,
): SqlCondition {
  const param = `$${firstParam}`;
  if (!SUBMITTED_STAGE_ACTIONS.every((a) => SQL_WORD.test(a))) throw new Error('An action name is not plain');
  const submittedActions = `${row.action} IN (${SUBMITTED_STAGE_ACTIONS.map((a) => `'${a}'`).join(', ')})`;
  const actions = [
    { test: submittedActions, sample: SUBMITTED_STAGE_ACTIONS[0] ?? '' },
    { test: `NOT ${submittedActions}`, sample: '(any other action)' },
  ];
  const owners: { test: string; owner: string | null }[] = [
    { test: `${row.recordOwnerDepartmentId} IS NULL`, owner: null },
    ...ownerClasses(reader, row.recordOwnerDepartmentId, param).map((o) => ({
      test: `${row.recordOwnerDepartmentId} IS NOT NULL AND ${o.test}`,
      owner: o.owner,
    })),
  ];
  const groups = owners.map((owner) => ({
    test: owner.test,
    classes: actions.map((action) => ({
      test: action.test,
      admitted: maySeeHistoryEntry(reader, { recordOwnerDepartmentId: owner.owner, action: action.sample }),
    })),
  }));
  return withDepartment(admittedSql(groups), reader, param);
}
