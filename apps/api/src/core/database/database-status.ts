export const DATABASE_STATUS = Symbol('DATABASE_STATUS');

export interface DatabaseStatus {
  embedded: boolean;
  appendOnlyEnforced: boolean;
}

/**
 * Whether the database answers a trivial statement within `timeoutMs`. The health check's probe: a
 * stopped or unreachable database must turn into `false` quickly, not into a request that hangs.
 */
export async function databaseAnswers(
  dataSource: { query(sql: string): Promise<unknown> },
  timeoutMs = 2000,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      dataSource.query('SELECT 1'),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
        timer.unref();
      }),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
