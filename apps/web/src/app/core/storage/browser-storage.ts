import { InjectionToken } from '@angular/core';

/** localStorage behind a token, so tests can give each case a clean one. */
export const BROWSER_STORAGE = new InjectionToken<Storage>('BROWSER_STORAGE', {
  providedIn: 'root',
  factory: () => localStorage,
});

/** Prefix of every key this app writes, so ours never collide with other apps on the host. */
export const STORAGE_PREFIX = 'zibo.';
