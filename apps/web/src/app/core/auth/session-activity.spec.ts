import { TestBed } from '@angular/core/testing';
import { SessionActivity } from './session-activity';
import { withRefreshLock } from './refresh-lock';

describe('Idle sign-out', () => {
  let activity: SessionActivity;
  const start = Date.parse('2026-11-02T08:00:00Z');

  beforeEach(() => {
    jest.useFakeTimers({ now: start });
    localStorage.clear();
    activity = TestBed.inject(SessionActivity);
  });
  afterEach(() => {
    activity.stop();
    jest.useRealTimers();
  });

  it('warns a minute before the idle limit and ends the session at it', () => {
    activity.start(30 * 60);
    jest.advanceTimersByTime(28 * 60_000);
    expect(activity.state()).toBe('active');
    jest.advanceTimersByTime(60_000 + 1);
    expect(activity.state()).toBe('warning');
    jest.advanceTimersByTime(60_000);
    expect(activity.state()).toBe('idle');
  });

  it('starts counting again at every request the user starts', () => {
    activity.start(30 * 60);
    jest.advanceTimersByTime(29 * 60_000 + 1);
    expect(activity.state()).toBe('warning');
    activity.record();
    expect(activity.state()).toBe('active');
    jest.advanceTimersByTime(28 * 60_000);
    expect(activity.state()).toBe('active');
  });

  it('counts activity in another tab (shared through storage): this tab stays signed in', () => {
    activity.start(30 * 60);
    jest.advanceTimersByTime(20 * 60_000);
    // Another tab of the app records a request now.
    localStorage.setItem('zibo.lastActivityAt', String(Date.now()));
    jest.advanceTimersByTime(10 * 60_000);
    expect(activity.state()).toBe('active');
    jest.advanceTimersByTime(19 * 60_000 + 1);
    expect(activity.state()).toBe('warning');
  });

  it('watches nothing once stopped (signed out)', () => {
    activity.start(60);
    activity.stop();
    jest.advanceTimersByTime(10 * 60_000);
    expect(activity.state()).toBe('active');
    expect(activity.idleAt()).toBeNull();
  });
});

describe('One tab refreshes at a time', () => {
  it('runs the refresh inside the Web Lock when the browser has one', async () => {
    const held: string[] = [];
    const locks = {
      request: (name: string, work: () => Promise<unknown>) => {
        held.push(name);
        return work();
      },
    } as unknown as LockManager;
    await expect(withRefreshLock(() => Promise.resolve('ok'), locks)).resolves.toBe('ok');
    expect(held).toEqual(['zibo-session-refresh']);
  });

  it('runs it at once without Web Locks (plain HTTP)', async () => {
    await expect(withRefreshLock(() => Promise.resolve(42), undefined)).resolves.toBe(42);
  });
});
