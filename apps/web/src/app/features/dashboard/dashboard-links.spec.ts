import { complianceLink, countLink } from './dashboard-links';

describe('Dashboard drill-down links', () => {
  const live = { asOf: null, lastClosedPeriod: '2026-10', ledger: true };
  const past = { asOf: '2026-09-10', lastClosedPeriod: '2026-08', ledger: true };

  it('lead live counts to the task list with the count’s filters', () => {
    expect(countLink({ rag: 'red' }, live)).toEqual({ path: ['/tasks'], query: { rag: 'red' } });
    expect(countLink({ leadDepartment: 'd1' }, live, 'd1')).toEqual({
      path: ['/tasks'],
      query: { leadDepartment: 'd1' },
    });
  });

  it('keep a historical view’s period: its counts open the ledger of the period recorded then', () => {
    expect(countLink({ rag: 'red' }, past)).toEqual({ path: ['/ledger'], query: { period: '2026-08' } });
    expect(countLink({ leadDepartment: 'd1' }, past, 'd1')).toEqual({
      path: ['/ledger'],
      query: { period: '2026-08', department: 'd1' },
    });
  });

  it('show a historical count as plain text to those who may not read the ledger (departments)', () => {
    expect(countLink({ rag: 'red' }, { ...past, ledger: false })).toEqual({ path: null, query: null });
    // Live, a department still drills down into its own task list.
    expect(countLink({ rag: 'red' }, { ...live, ledger: false }).path).toEqual(['/tasks']);
  });

  it('lead a closed period’s compliance to that period’s ledger, live and historical', () => {
    expect(complianceLink(live, 'd1')).toEqual({
      path: ['/ledger'],
      query: { period: '2026-10', leadDepartment: 'd1' },
    });
    expect(complianceLink(past)).toEqual({ path: ['/ledger'], query: { period: '2026-08' } });
    expect(complianceLink({ ...live, ledger: false })).toEqual({ path: null, query: null });
    expect(complianceLink({ ...live, ledger: false }, 'd1', 'late')).toEqual({ path: null, query: null });
  });

  it('narrow a live compliance number to exactly its tasks: lead department only and that state', () => {
    expect(complianceLink(live, 'd1', 'late')).toEqual({
      path: ['/ledger'],
      query: { period: '2026-10', leadDepartment: 'd1', compliance: 'late' },
    });
    expect(complianceLink(live, undefined, 'missing')).toEqual({
      path: ['/ledger'],
      query: { period: '2026-10', compliance: 'missing' },
    });
    // Judged at the view's date, not now: a historical number keeps only period and lead department.
    expect(complianceLink(past, 'd1', 'on_time')).toEqual({
      path: ['/ledger'],
      query: { period: '2026-08', leadDepartment: 'd1' },
    });
  });
});
