import { AUDIT_EVENT_COLUMNS, auditColumnPlan, columnMatches } from './audit-event-columns';
import type { AuditRecord } from './audit-chain';

describe('Comparing a stored audit column with the hashed event', () => {
  it.each([
    ['text', 'econ', 'econ', true],
    ['text', 'econ ', 'econ', false],
    ['text', null, null, true],
    ['text', null, 'econ', false],
    ['text', 'econ', null, false],
    ['instant', '2026-11-27T07:04:05.123000Z', '2026-11-27T07:04:05.123Z', true],
    ['instant', '2026-11-27T07:04:05.123001Z', '2026-11-27T07:04:05.123Z', false],
    ['instant', '2026-11-27T07:04:05.123000Z', '2026-11-27T15:04:05.123+08:00', false],
    ['json', '{"a": 1, "b": [1, 2]}', { b: [1, 2], a: 1 }, true],
    ['json', '{"a": 1}', { a: 2 }, false],
    ['json', 'null', null, false],
    ['json', null, null, true],
    ['json', '{"a": "\u007f"}', { a: '\u007f' }, true],
  ] as const)('%s %j against %j: %s', (compare, stored, hashed, matches) => {
    expect(columnMatches(compare, stored, hashed)).toBe(matches);
  });

  it('has a rule for every field of the hashed event, each copied by one column', () => {
    const fields = Object.values(AUDIT_EVENT_COLUMNS).flatMap((rule) => ('field' in rule ? [rule.field] : []));
    const record: Record<keyof AuditRecord, null> = {
      seq: null,
      at: null,
      actorId: null,
      actorRole: null,
      departmentId: null,
      action: null,
      entityType: null,
      entityId: null,
      before: null,
      after: null,
      requestId: null,
      ip: null,
      sha256: null,
    };
    expect([...fields, 'seq'].sort()).toEqual(Object.keys(record).sort());
  });

  it('names the first column without a rule', () => {
    expect(auditColumnPlan(['seq', 'at', 'note', 'extra'])).toEqual({ unruled: 'note' });
  });
});
