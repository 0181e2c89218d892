import { Injectable, type OnDestroy, inject, signal } from '@angular/core';
import { BROWSER_STORAGE, STORAGE_PREFIX } from '../storage/browser-storage';

/** The warning comes this long before the idle limit. */
export const IDLE_WARNING_MS = 60_000;
// Shared by the tabs: activity in one keeps the others from signing out (a time, not a secret).
const ACTIVITY_KEY = `${STORAGE_PREFIX}lastActivityAt`;

export type IdleState = 'active' | 'warning' | 'idle';

/**
 * Idle sign-out on the client, mirroring the api's idle limit: every request the user started
 * counts as activity (polling does not), in any tab. A minute before the limit the state turns to
 * `warning` (the shell asks "stay signed in?"); at the limit to `idle` (the shell signs out).
 */
@Injectable({ providedIn: 'root' })
export class SessionActivity implements OnDestroy {
  private readonly storage = inject(BROWSER_STORAGE);
  private readonly stateSignal = signal<IdleState>('active');
  private readonly idleAtSignal = signal<number | null>(null);
  private idleMs = 0;
  private lastHere = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly onStorage = (event: StorageEvent) => {
    if (event.key === ACTIVITY_KEY) {
      this.schedule();
    }
  };

  readonly state = this.stateSignal.asReadonly();
  /** When the session goes idle without further activity (epoch ms), while watching. */
  readonly idleAt = this.idleAtSignal.asReadonly();

  /** Starts watching with the session's idle limit; counts the start as activity. */
  start(idleTimeoutSeconds: number, now: number = Date.now()): void {
    if (this.idleMs === 0 && typeof window !== 'undefined') {
      window.addEventListener('storage', this.onStorage);
    }
    this.idleMs = idleTimeoutSeconds * 1000;
    this.record(now);
  }

  stop(): void {
    clearTimeout(this.timer);
    if (this.idleMs !== 0 && typeof window !== 'undefined') {
      window.removeEventListener('storage', this.onStorage);
    }
    this.idleMs = 0;
    this.stateSignal.set('active');
    this.idleAtSignal.set(null);
  }

  /** A request the user started (or "stay signed in"). */
  record(now: number = Date.now()): void {
    if (this.idleMs === 0) {
      return;
    }
    this.lastHere = now;
    this.storage.setItem(ACTIVITY_KEY, String(now));
    this.schedule(now);
  }

  ngOnDestroy(): void {
    this.stop();
  }

  private lastActivity(): number {
    const shared = Number(this.storage.getItem(ACTIVITY_KEY));
    return Math.max(this.lastHere, Number.isFinite(shared) ? shared : 0);
  }

  private schedule(now: number = Date.now()): void {
    clearTimeout(this.timer);
    if (this.idleMs === 0) {
      return;
    }
    const idleAt = this.lastActivity() + this.idleMs;
    this.idleAtSignal.set(idleAt);
    if (now >= idleAt) {
      this.stateSignal.set('idle');
      return;
    }
    const warnAt = idleAt - IDLE_WARNING_MS;
    this.stateSignal.set(now >= warnAt ? 'warning' : 'active');
    // Wake at the next boundary and look again: another tab may have been active meanwhile.
    this.timer = setTimeout(() => this.schedule(), (now >= warnAt ? idleAt : warnAt) - now);
  }
}
