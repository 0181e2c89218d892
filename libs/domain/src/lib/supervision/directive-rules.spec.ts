import { compareDirectives, directiveStatus } from './directive-rules';

describe('Directive (领导批示) status', () => {
  it.each([
    ['2026-09-29', null, 'open'],
    ['2026-09-30', null, 'open'],
    ['2026-10-01', null, 'overdue'],
    ['2026-10-05', new Date('2026-10-02T09:00:00+08:00'), 'answered'],
  ] as const)('on %s, answered at %s, a directive due 2026-09-30 is %s', (today, respondedAt, status) => {
    expect(directiveStatus({ respondBy: '2026-09-30', respondedAt }, today)).toBe(status);
  });
});

describe('Order of directives on a task', () => {
  it('puts overdue first, then open by date, then answered newest first', () => {
    const items = [
      { id: 'answered-old', status: 'answered', respondBy: '2026-09-01', issuedAt: '2026-08-01T00:00:00Z' },
      { id: 'open-late', status: 'open', respondBy: '2026-10-20', issuedAt: '2026-09-01T00:00:00Z' },
      { id: 'answered-new', status: 'answered', respondBy: '2026-09-01', issuedAt: '2026-09-02T00:00:00Z' },
      { id: 'overdue', status: 'overdue', respondBy: '2026-09-25', issuedAt: '2026-09-01T00:00:00Z' },
      { id: 'open-soon', status: 'open', respondBy: '2026-10-02', issuedAt: '2026-09-03T00:00:00Z' },
    ] as const;
    expect([...items].sort(compareDirectives).map((d) => d.id)).toEqual([
      'overdue',
      'open-soon',
      'open-late',
      'answered-new',
      'answered-old',
    ]);
  });
});
