import { addDays, clockSkewDays } from './business-calendar';

describe('Business calendar from /api/me', () => {
  const calendar = { timeZone: 'Asia/Shanghai', reportDueDay: 5, today: '2026-11-27' };

  it('sees no skew when this device agrees with the server on the business date', () => {
    expect(clockSkewDays(calendar, new Date('2026-11-27T08:00:00Z'))).toBe(0);
  });

  it('counts the business date in the server zone: 16:30 UTC is already the 28th in Shanghai', () => {
    expect(clockSkewDays(calendar, new Date('2026-11-27T16:30:00Z'))).toBe(-1);
  });

  it('corrects a device whose clock is days behind', () => {
    expect(clockSkewDays(calendar, new Date('2026-11-20T08:00:00Z'))).toBe(7);
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
