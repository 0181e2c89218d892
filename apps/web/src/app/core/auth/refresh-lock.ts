/** The name of the lock every tab of the app takes to refresh the session. */
export const REFRESH_LOCK = 'zibo-session-refresh';

/**
 * Runs `work` holding a lock shared by every tab (Web Locks API), so two tabs never present the
 * same refresh cookie at once: the second waits and then sends the cookie the first received.
 * Web Locks exist only in secure contexts (HTTPS, localhost); on plain HTTP `work` runs at once and
 * the api's two-second grace for a refresh token presented twice covers the race.
 */
export function withRefreshLock<T>(work: () => Promise<T>, locks: LockManager | undefined = webLocks()): Promise<T> {
  return locks ? (locks.request(REFRESH_LOCK, () => work()) as Promise<T>) : work();
}

function webLocks(): LockManager | undefined {
  return typeof navigator !== 'undefined' && 'locks' in navigator ? navigator.locks : undefined;
}
