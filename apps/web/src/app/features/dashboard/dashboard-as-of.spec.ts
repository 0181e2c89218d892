import { asOfFromParams, latestAsOf } from './dashboard-as-of';

describe('Dashboard as of a past date', () => {
  const today = '2026-11-27';

  it('may be asked for up to yesterday', () => {
    expect(latestAsOf(today)).toBe('2026-11-26');
    expect(latestAsOf('2027-01-01')).toBe('2026-12-31');
  });

  it('takes a past date from the address bar', () => {
    expect(asOfFromParams({ asOf: '2026-05-31' }, today)).toBe('2026-05-31');
  });

  it.each([['2026-11-27'], ['2026-12-01'], ['2026-13-01'], ['31.05.2026'], ['']])(
    'falls back to the live view for %p',
    (asOf) => {
      expect(asOfFromParams({ asOf }, today)).toBeNull();
    },
  );

  it('is the live view without a parameter', () => {
    expect(asOfFromParams({}, today)).toBeNull();
  });
});
