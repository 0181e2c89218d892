import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { ProblemException } from './problem.exception';

/** How long a client should wait before trying again while the database cannot be reached. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

// Node's socket errors on the way to the database (refused while it is down, reset or timed out
// when it goes away, unresolvable while a container's name is gone from DNS).
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

// SQLSTATEs beyond class 08 (connection exception) that mean "not now" rather than "wrong request":
// admin_shutdown (fast stop), crash_shutdown, cannot_connect_now (starting, stopping, recovering),
// too_many_connections.
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

// node-postgres and pg-pool say these without a code: the socket closed under a query ("Connection
// terminated unexpectedly"), a connect that timed out ("… due to connection timeout", "timeout
// exceeded when trying to connect"), a client already broken, a pool closed by the shutdown.
const CONNECTION_MESSAGES = [
  /^Connection terminated\b/,
  /^timeout exceeded when trying to connect$/,
  /^Client has encountered a connection error and is not queryable$/,
  /^Cannot use a pool after calling end on the pool$/,
];

// Wrappers: TypeORM's QueryFailedError (driverError), pg-pool's timeout (cause), Node's AggregateError
// (errors). A few levels are plenty.
const MAX_DEPTH = 3;

/**
 * Whether an error means that the database cannot be reached or dropped the connection (so the
 * answer is 503, and a retry later may succeed), as opposed to a query the database refused.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > MAX_DEPTH) return false;
  // TypeORM releases a transaction's query runner when its connection emits an error; the next
  // statement of that transaction then fails with one of these.
  if (error instanceof QueryRunnerAlreadyReleasedError || error instanceof QueryRunnerProviderAlreadyReleasedError) {
    return true;
  }
  const { code, message, driverError, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  if (typeof message === 'string' && CONNECTION_MESSAGES.some((pattern) => pattern.test(message))) return true;
  const nested = [driverError, cause, ...(Array.isArray(errors) ? (errors as unknown[]) : [])];
  return nested.some((inner) => inner !== error && isDatabaseUnavailable(inner, depth + 1));
}

/** The 503 answered on every endpoint while the database is unavailable (docs/rules.md). */
export function databaseUnavailable(): ProblemException {
  const seconds = UNAVAILABLE_RETRY_AFTER_SECONDS;
  return new ProblemException(
    503,
    'unavailable',
    'Service unavailable',
    `The database cannot be reached or is overloaded right now. Try again in ${seconds} seconds.`,
    { retryAfter: seconds },
    { 'Retry-After': String(seconds) },
  );
}
