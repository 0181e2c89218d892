import {
  auditApiParams,
  auditFiltersFromParams,
  auditFiltersToParams,
  hasAuditFilters,
  NO_AUDIT_FILTERS,
} from './audit-filters';

const DEPT = '22337405-46ae-4d16-a4f8-67890b3f22dd';

describe('Audit log filters', () => {
  it('come from the address bar, dropping what the api would refuse', () => {
    expect(
      auditFiltersFromParams({
        from: '2026-11-01',
        to: '2026-13-01',
        department: DEPT,
        actor: 'nobody',
        entityType: 'task',
      }),
    ).toEqual({ ...NO_AUDIT_FILTERS, from: '2026-11-01', department: DEPT, entityType: 'task' });
  });

  it('go into the address bar only when set', () => {
    expect(auditFiltersToParams({ ...NO_AUDIT_FILTERS, entityType: 'report' })).toEqual({ entityType: 'report' });
    expect(hasAuditFilters(NO_AUDIT_FILTERS)).toBe(false);
  });

  it('send business days as instants with offset: from 00:00 of the first day to 00:00 after the last', () => {
    const params = auditApiParams({ ...NO_AUDIT_FILTERS, from: '2026-11-01', to: '2026-11-30' }, 'Asia/Shanghai');

    expect(params.get('from')).toBe('2026-10-31T16:00:00.000Z');
    expect(params.get('to')).toBe('2026-11-30T16:00:00.000Z');
  });

  it('send only the filters that are set', () => {
    const params = auditApiParams({ ...NO_AUDIT_FILTERS, entityType: 'task', entityId: ' abc ' }, 'Asia/Shanghai');

    expect(params.keys().sort()).toEqual(['entityId', 'entityType']);
    expect(params.get('entityId')).toBe('abc');
  });
});
