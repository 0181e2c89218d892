import {
  REPORT_STATUSES,
  ROLES,
  type RecordReader,
  SUBMITTED_STAGE_ACTIONS,
  attachmentStage,
  maySeeHistoryEntry,
  maySeeStage,
  recordAccess,
} from '@zibo/domain';
import { TestWorld } from '../../../test/test-app';
import {
  type SqlCondition,
  visibleAttachmentCondition,
  visibleHistoryCondition,
  visibleRecordCondition,
} from './record-visibility';

/**
 * The SQL conditions generated from the domain's record-visibility rule, run in PostgreSQL over
 * every combination of owner, state and reader, must pick exactly the rows the pure rule admits.
 */
const [A, B, C] = [
  '00000000-0000-4000-8000-00000000000a',
  '00000000-0000-4000-8000-00000000000b',
  '00000000-0000-4000-8000-00000000000c',
];
const READERS: RecordReader[] = ROLES.flatMap((role) => [null, A, B].map((departmentId) => ({ role, departmentId })));
const describeReader = (r: RecordReader) => `${r.role} of ${r.departmentId ?? 'no department'}`;

describe('Record visibility in SQL agrees with the pure rule', () => {
  let world: TestWorld;

  beforeAll(async () => {
    world = await TestWorld.create();
  });
  afterAll(() => world.close());

  /** The keys of `rows` that `condition` keeps, with `rows` typed by `columns`. */
  async function kept(rows: { k: number }[], columns: string, condition: SqlCondition): Promise<number[]> {
    const result = await world.sql<{ k: number }>(
      `SELECT x.k FROM jsonb_to_recordset($1::jsonb) AS x(k int, ${columns}) WHERE ${condition.sql} ORDER BY x.k`,
      [JSON.stringify(rows), ...condition.params],
    );
    return result.map((r) => r.k);
  }

  const records = [A, B, C].flatMap((owner) =>
    REPORT_STATUSES.flatMap((status) => [0, 1, 2].map((revisions) => ({ owner, status, revisions }))),
  );
  it.each(READERS.map((r) => [describeReader(r), r] as const))(
    'reports and contributions, read by %s',
    async (_, reader) => {
      const rows = records.map((r, k) => ({ k, ...r }));
      const condition = visibleRecordCondition(
        reader,
        { ownerDepartmentId: 'x.owner', status: 'x.status', submittedRevisions: 'x.revisions' },
        2,
      );
      const expected = rows
        .filter(
          (r) =>
            recordAccess(reader, { ownerDepartmentId: r.owner, status: r.status, submittedRevisions: r.revisions }) !==
            'none',
        )
        .map((r) => r.k);
      expect(await kept(rows, 'owner uuid, status text, revisions int', condition)).toEqual(expected);
    },
  );

  const files = [A, B, C].flatMap((owner) =>
    [0, 1, 2, 3].flatMap((added) => [0, 1, 2].map((submitted) => ({ owner, added, submitted }))),
  );
  it.each(READERS.map((r) => [describeReader(r), r] as const))('attachments, read by %s', async (_, reader) => {
    const rows = files.map((f, k) => ({ k, ...f }));
    const condition = visibleAttachmentCondition(
      reader,
      { ownerDepartmentId: 'x.owner', addedToRevision: 'x.added', ownerSubmittedRevisions: 'x.submitted' },
      2,
    );
    const expected = rows
      .filter((r) => maySeeStage(reader, r.owner, attachmentStage(r.added, r.submitted)))
      .map((r) => r.k);
    expect(await kept(rows, 'owner uuid, added int, submitted int', condition)).toEqual(expected);
  });

  const actions = [
    ...SUBMITTED_STAGE_ACTIONS,
    'report.create',
    'report.update',
    'report.revise',
    'contribution.create',
    'contribution.update',
    'attachment.upload',
    'task.update',
    'amendment.propose',
    'some.future-action',
  ];
  const entries = [null, A, B, C].flatMap((owner) => actions.map((action) => ({ owner, action })));
  it.each(READERS.map((r) => [describeReader(r), r] as const))('history entries, read by %s', async (_, reader) => {
    const rows = entries.map((e, k) => ({ k, ...e }));
    const condition = visibleHistoryCondition(reader, { recordOwnerDepartmentId: 'x.owner', action: 'x.action' }, 2);
    const expected = rows
      .filter((r) => maySeeHistoryEntry(reader, { recordOwnerDepartmentId: r.owner, action: r.action }))
      .map((r) => r.k);
    expect(await kept(rows, 'owner uuid, action text', condition)).toEqual(expected);
  });
});
