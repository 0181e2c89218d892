import { auditDiff, auditTaskId, diffText } from './audit-diff';

describe('Before and after of an audit event', () => {
  it('pairs the changed fields, in the order the event names them', () => {
    expect(auditDiff({ status: 'draft' }, { status: 'submitted', revision: 1 })).toEqual([
      { field: 'status', before: 'draft', after: 'submitted', change: 'changed' },
      { field: 'revision', before: null, after: '1', change: 'added' },
    ]);
  });

  it('shows a creation as fields added, and a field only before as removed', () => {
    expect(auditDiff(null, { title: '建设创新平台' })).toEqual([
      { field: 'title', before: null, after: '建设创新平台', change: 'added' },
    ]);
    expect(auditDiff({ doneDate: '2026-05-01' }, {})).toEqual([
      { field: 'doneDate', before: '2026-05-01', after: null, change: 'removed' },
    ]);
  });

  it('opens nested objects into dotted fields (an amendment’s changes)', () => {
    const rows = auditDiff(null, { reason: '土地指标延后', changes: { dueDate: '2026-12-31' } });

    expect(rows.map((r) => [r.field, r.after])).toEqual([
      ['reason', '土地指标延后'],
      ['changes.dueDate', '2026-12-31'],
    ]);
  });

  it('marks a field recorded with the same value on both sides as unchanged', () => {
    expect(auditDiff({ percentComplete: 40 }, { percentComplete: 40 })[0].change).toBe('unchanged');
  });

  it('writes arrays, numbers, booleans and null as JSON, text as it is', () => {
    expect(diffText(['a', 'b'])).toBe('["a","b"]');
    expect(diffText(12.5)).toBe('12.5');
    expect(diffText(false)).toBe('false');
    expect(diffText(null)).toBe('null');
    expect(diffText('按时')).toBe('按时');
    expect(auditDiff({ final: null }, { final: true })[0]).toMatchObject({ before: 'null', after: 'true' });
  });

  it('has no rows when nothing was recorded (a sign-in)', () => {
    expect(auditDiff(null, null)).toEqual([]);
  });
});

describe('The task of an audit event', () => {
  const base = { before: null, after: null };

  it('is the entity itself for task events', () => {
    expect(auditTaskId({ ...base, entityType: 'task', entityId: 't1' })).toBe('t1');
  });

  it('is the taskId a report, contribution or amendment event records', () => {
    expect(auditTaskId({ ...base, entityType: 'report', entityId: 'r1', after: { taskId: 't2' } })).toBe('t2');
    expect(auditTaskId({ entityType: 'amendment', entityId: 'a1', before: { taskId: 't3' }, after: null })).toBe('t3');
  });

  it('is unknown otherwise', () => {
    expect(auditTaskId({ ...base, entityType: 'report', entityId: 'r1', after: { status: 'approved' } })).toBeNull();
    expect(auditTaskId({ ...base, entityType: 'user', entityId: 'u1' })).toBeNull();
  });
});
