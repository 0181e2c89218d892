import {
  filtersFromParams,
  filtersToParams,
  hasFilters,
  NO_FILTERS,
  taskListParams,
  taskTotalsParams,
} from './task-filters';

const ECON = '59d3f3f1-e50d-4ad9-8748-f3c0d60ce391';

describe('Task list filters', () => {
  it('send the api only the filters that are set', () => {
    const params = taskListParams({ ...NO_FILTERS, rag: 'red', overdue: true }, null);

    expect(params.toString()).toBe('rag=red&overdue=true&limit=50');
  });

  it('ask for the next page with the cursor', () => {
    expect(taskListParams(NO_FILTERS, 'abc').get('cursor')).toBe('abc');
  });

  it('survive a round trip through the address bar', () => {
    const filters = {
      focusArea: 'FA3',
      department: ECON,
      leadDepartment: ECON,
      status: 'in_progress' as const,
      rag: 'amber' as const,
      overdue: true,
      q: '园区',
      sort: '-percentComplete' as const,
    };

    expect(filtersFromParams(filtersToParams(filters))).toEqual(filters);
  });

  it('drop values from the address bar the api would refuse', () => {
    expect(
      filtersFromParams({
        focusArea: 'FA9',
        department: 'econ',
        leadDepartment: 'econ',
        status: 'late',
        rag: 'blue',
        overdue: 'yes',
        q: '  x ',
        sort: 'due',
      }),
    ).toEqual({ ...NO_FILTERS, q: 'x' });
  });

  it('keep the lead-department filter apart from lead-or-co-owner, as the dashboard counts it', () => {
    const params = taskListParams({ ...NO_FILTERS, leadDepartment: ECON }, null);

    expect(params.get('leadDepartment')).toBe(ECON);
    expect(params.has('department')).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, leadDepartment: ECON })).toBe(true);
  });

  it('know when any filter is set', () => {
    expect(hasFilters(NO_FILTERS)).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, q: '   ' })).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, overdue: true })).toBe(true);
  });

  it('send the order to the api, the default one not at all (links stay short)', () => {
    expect(taskListParams({ ...NO_FILTERS, sort: '-dueDate' }, null).get('sort')).toBe('-dueDate');
    expect(filtersFromParams({ sort: 'dueDate' }).sort).toBe('');
    expect(taskListParams(NO_FILTERS, null).has('sort')).toBe(false);
  });

  it('count totals for the filters only: the order is not a filter', () => {
    const filters = { ...NO_FILTERS, rag: 'red' as const, sort: '-title' as const };

    expect(taskTotalsParams(filters).toString()).toBe('rag=red');
    expect(hasFilters({ ...NO_FILTERS, sort: '-title' })).toBe(false);
  });
});
