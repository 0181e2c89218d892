import {
  type DepartmentRecord,
  type RecordReader,
  attachmentStage,
  contributionRecord,
  historyEntryStage,
  maySeeHistoryEntry,
  maySeeStage,
  recordAccess,
} from './record-visibility';

// A task led by `lead`, co-owned by `co` and `co2`; `elsewhere` has nothing to do with it (it cannot
// see the task at all; the rule alone would still refuse it every draft).
const READERS: Record<string, RecordReader> = {
  committee: { role: 'committee', departmentId: null },
  admin: { role: 'admin', departmentId: null },
  auditor: { role: 'auditor', departmentId: null },
  'lead head': { role: 'dept_head', departmentId: 'lead' },
  'lead staff': { role: 'dept_staff', departmentId: 'lead' },
  'co head': { role: 'dept_head', departmentId: 'co' },
  'co staff': { role: 'dept_staff', departmentId: 'co' },
  'co2 head': { role: 'dept_head', departmentId: 'co2' },
  'elsewhere staff': { role: 'dept_staff', departmentId: 'elsewhere' },
};
type Reader = keyof typeof READERS;
const reader = (name: Reader) => READERS[name];

const RECORDS: Record<string, DepartmentRecord> = {
  'draft report': { ownerDepartmentId: 'lead', status: 'draft', submittedRevisions: 0 },
  'submitted report': { ownerDepartmentId: 'lead', status: 'submitted', submittedRevisions: 1 },
  'approved report': { ownerDepartmentId: 'lead', status: 'approved', submittedRevisions: 2 },
  'returned report': { ownerDepartmentId: 'lead', status: 'returned', submittedRevisions: 1 },
  'revised report (a new draft after a return)': { ownerDepartmentId: 'lead', status: 'draft', submittedRevisions: 1 },
  'draft contribution': contributionRecord({ departmentId: 'co', status: 'draft' }),
  'submitted contribution': contributionRecord({ departmentId: 'co', status: 'submitted' }),
};

describe('Record visibility (drafts belong to their department until submitted)', () => {
  describe('recordAccess: reader × record state', () => {
    const ALL: Reader[] = Object.keys(READERS);
    const readingAll: Reader[] = ['committee', 'admin', 'auditor'];
    const table: [string, Partial<Record<Reader, string>>, string][] = [
      ['draft report', { 'lead head': 'current', 'lead staff': 'current' }, 'none'],
      ['submitted report', {}, 'current'],
      ['approved report', {}, 'current'],
      ['returned report', {}, 'current'],
      [
        'revised report (a new draft after a return)',
        { 'lead head': 'current', 'lead staff': 'current' },
        'last-submitted',
      ],
      ['draft contribution', { 'co head': 'current', 'co staff': 'current' }, 'none'],
      ['submitted contribution', {}, 'current'],
    ];
    const cases = table.flatMap(([record, own, others]) =>
      ALL.map((name) => {
        const expected = readingAll.includes(name) ? 'current' : (own[name] ?? others);
        return [record, name, expected] as const;
      }),
    );
    it.each(cases)('%s, read by %s → %s', (record, name, expected) => {
      expect(recordAccess(reader(name), RECORDS[record])).toBe(expected);
    });
  });

  describe('maySeeStage', () => {
    it.each([
      ['co head', 'lead', 'draft', false],
      ['co head', 'co', 'draft', true],
      ['co2 head', 'co', 'draft', false],
      ['lead staff', 'co', 'draft', false],
      ['lead staff', 'co', 'submitted', true],
      ['auditor', 'co', 'draft', true],
    ] as const)('%s, a stage of a record of department %s: %s → %s', (name, owner, stage, expected) => {
      expect(maySeeStage(reader(name), owner, stage)).toBe(expected);
    });

    it('does not take a department role without the department-read permission for its department', () => {
      // A department user is always given one; without it nothing matches, not even null === null.
      expect(maySeeStage({ role: 'dept_staff', departmentId: null }, 'lead', 'draft')).toBe(false);
    });
  });

  describe('attachmentStage: files join the revision being drafted', () => {
    it.each([
      [1, 0, 'draft'], // added to a first draft
      [1, 1, 'submitted'], // that draft was submitted
      [2, 1, 'draft'], // added while revising after a return
      [1, 2, 'submitted'], // from an earlier revision, still part of the record
    ] as const)('added to revision %i, owner submitted %i → %s', (added, submitted, expected) => {
      expect(attachmentStage(added, submitted)).toBe(expected);
    });
  });

  describe('history entries', () => {
    it.each([
      ['report.create', 'draft'],
      ['report.update', 'draft'],
      ['report.revise', 'draft'],
      ['report.submit', 'submitted'],
      ['report.approve', 'submitted'],
      ['report.return', 'submitted'],
      ['contribution.create', 'draft'],
      ['contribution.update', 'draft'],
      ['contribution.submit', 'submitted'],
      ['attachment.upload', 'draft'],
      ['report.some-future-action', 'draft'],
    ] as const)('%s belongs to the %s stage', (action, stage) => {
      expect(historyEntryStage(action)).toBe(stage);
    });

    it.each([
      ['lead head', 'co', 'contribution.create', false],
      ['lead head', 'co', 'contribution.submit', true],
      ['co2 head', 'co', 'attachment.upload', false],
      ['co head', 'lead', 'report.update', false],
      ['co head', 'lead', 'report.submit', true],
      ['co head', 'co', 'contribution.update', true],
      ['committee', 'co', 'contribution.update', true],
      ['co head', null, 'task.update', true],
      ['co head', null, 'amendment.propose', true],
    ] as const)('%s, entry of a record of %s, %s → %s', (name, owner, action, expected) => {
      expect(maySeeHistoryEntry(reader(name), { recordOwnerDepartmentId: owner, action })).toBe(expected);
    });
  });
});
