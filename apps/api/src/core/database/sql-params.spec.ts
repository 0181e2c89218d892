import { SqlFilter, containsPattern } from './sql-params';

describe('SqlFilter', () => {
  it('numbers each parameter by its position', () => {
    const filter = new SqlFilter();
    filter.and(`a = ${filter.param('x')}`);
    filter.and(`b = ${filter.param(2)}`);
    expect(filter.sql).toBe('a = $1 AND b = $2');
    expect(filter.params).toEqual(['x', 2]);
  });

  it('continues after a condition that brought its own parameters', () => {
    const filter = new SqlFilter();
    filter.and({ sql: `t.lead = $${filter.nextParam}`, params: ['dept'] });
    filter.and(`t.status = ${filter.param('open')}`);
    expect(filter.sql).toBe('t.lead = $1 AND t.status = $2');
    expect(filter.params).toEqual(['dept', 'open']);
  });

  it('is TRUE without conditions', () => {
    expect(new SqlFilter().sql).toBe('TRUE');
  });

  it.each([
    ['desc', '<'],
    ['asc', '>'],
  ] as const)('reads the rows after a keyset cursor ordered %s with %s', (order, operator) => {
    const filter = new SqlFilter();
    filter.and('TRUE');
    filter.after(
      [
        ['u.created_at', '2026-01-01T00:00:00.000Z', 'timestamptz'],
        ['u.id', 'id-1', 'uuid'],
      ],
      order,
    );
    expect(filter.sql).toBe(`TRUE AND (u.created_at, u.id) ${operator} ($1::timestamptz, $2::uuid)`);
    expect(filter.params).toEqual(['2026-01-01T00:00:00.000Z', 'id-1']);
  });

  it('leaves a key column uncast when it names no type', () => {
    const filter = new SqlFilter();
    filter.after(
      [
        ['period', '2026-03'],
        ['id', 'id-1', 'uuid'],
      ],
      'desc',
    );
    expect(filter.sql).toBe('(period, id) < ($1, $2::uuid)');
  });

  it('hands out a copy of its parameters', () => {
    const filter = new SqlFilter();
    filter.param(1);
    filter.params.push(2);
    expect(filter.params).toEqual([1]);
  });
});

describe('containsPattern', () => {
  it.each([
    ['plain', '%plain%'],
    ['100%', '%100\\%%'],
    ['a_b', '%a\\_b%'],
    ['back\\slash', '%back\\\\slash%'],
  ])('matches %s literally', (text, pattern) => {
    expect(containsPattern(text)).toBe(pattern);
  });
});
