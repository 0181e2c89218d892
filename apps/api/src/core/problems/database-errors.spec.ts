import { createServer, type Server, type Socket } from 'node:net';
import { Pool } from 'pg';
import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { freePort } from '../database/embedded-database';
import { databaseUnavailable, isDatabaseUnavailable } from './database-errors';

/** How the stand-in server treats a client: never answer, hang up, or refuse with a SQLSTATE. */
type Behaviour = 'hang' | 'hang-up' | { severity: string; code: string; message: string };

/** A PostgreSQL ErrorResponse message ('E'), as a server sends it instead of authenticating. */
function errorResponse(fields: { severity: string; code: string; message: string }): Buffer {
  const body = Buffer.concat([
    ...[
      ['S', fields.severity],
      ['V', fields.severity],
      ['C', fields.code],
      ['M', fields.message],
    ].map(([tag, value]) => Buffer.from(`${tag}${value}\0`, 'utf8')),
    Buffer.from([0]),
  ]);
  const header = Buffer.alloc(5);
  header.write('E', 0);
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

/** A TCP server speaking just enough of the protocol to make node-postgres fail the real way. */
async function standIn(behaviour: Behaviour): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('data', () => {
      if (behaviour === 'hang') return;
      if (behaviour === 'hang-up') return socket.destroy();
      socket.end(errorResponse(behaviour));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The error the api's pool gives when it connects to `port` (as TypeORM's driver does). */
async function connectError(port: number, options: { max?: number; timeoutMs?: number } = {}): Promise<unknown[]> {
  const pool = new Pool({
    host: '127.0.0.1',
    port,
    user: 'zibo_app',
    password: 'secret',
    database: 'zibo',
    max: options.max ?? 1,
    connectionTimeoutMillis: options.timeoutMs ?? 300,
  });
  pool.on('error', () => undefined);
  // Two at once: with max 1 the second waits for a slot, which is a timeout of its own.
  const attempts = [pool.connect(), pool.connect()].map((attempt) =>
    attempt.then(
      (client) => {
        client.release();
        return new Error('connected');
      },
      (error: unknown) => error,
    ),
  );
  const errors = await Promise.all(attempts);
  await pool.end().catch(() => undefined);
  return errors;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

describe('Database error classification', () => {
  describe('errors node-postgres raises against a server that is down, gone or refusing', () => {
    it('a refused connection (nothing listens: PostgreSQL stopped)', async () => {
      const [error] = await connectError(await freePort());
      expect(error).toMatchObject({ code: 'ECONNREFUSED' });
      expect(isDatabaseUnavailable(error)).toBe(true);
    });

    it('a connect that times out (the server accepts but never answers), and a wait for a pool slot that does', async () => {
      const server = await standIn('hang');
      try {
        const [connect, queued] = await connectError(server.port);
        expect(messageOf(connect)).toBe('Connection terminated due to connection timeout');
        expect(messageOf(queued)).toBe('timeout exceeded when trying to connect');
        expect(isDatabaseUnavailable(connect)).toBe(true);
        expect(isDatabaseUnavailable(queued)).toBe(true);
      } finally {
        await server.close();
      }
    });

    it('a connection the server drops ("Connection terminated unexpectedly")', async () => {
      const server = await standIn('hang-up');
      try {
        const [error] = await connectError(server.port, { timeoutMs: 2000 });
        expect(messageOf(error)).toBe('Connection terminated unexpectedly');
        expect(isDatabaseUnavailable(error)).toBe(true);
      } finally {
        await server.close();
      }
    });

    it.each([
      ['57P01', 'terminating connection due to administrator command'],
      ['57P02', 'terminating connection because of crash of another server process'],
      ['57P03', 'the database system is shutting down'],
      ['57P03', 'the database system is not yet accepting connections'],
      ['53300', 'sorry, too many clients already'],
      ['08006', 'connection failure'],
      ['08P01', 'invalid startup packet layout'],
    ])('SQLSTATE %s (%s), also wrapped by TypeORM', async (code, message) => {
      const server = await standIn({ severity: 'FATAL', code, message });
      try {
        const [error] = await connectError(server.port, { timeoutMs: 2000 });
        expect(error).toMatchObject({ code, message, severity: 'FATAL' });
        expect(isDatabaseUnavailable(error)).toBe(true);
        expect(isDatabaseUnavailable(new QueryFailedError('SELECT 1', [], error as Error))).toBe(true);
      } finally {
        await server.close();
      }
    });

    it.each([
      ['28P01', 'password authentication failed for user "zibo_app"'],
      ['3D000', 'database "zibo" does not exist'],
    ])('but not SQLSTATE %s (%s): a configuration fault, not an outage', async (code, message) => {
      const server = await standIn({ severity: 'FATAL', code, message });
      try {
        const [error] = await connectError(server.port, { timeoutMs: 2000 });
        expect(error).toMatchObject({ code });
        expect(isDatabaseUnavailable(error)).toBe(false);
      } finally {
        await server.close();
      }
    });
  });

  describe('shapes as they reach the problem filter', () => {
    const socketError = (code: string, syscall = 'connect') =>
      Object.assign(new Error(`${syscall} ${code} 127.0.0.1:5432`), { code, errno: -1, syscall });
    const rejected = (code: string, message: string) =>
      new QueryFailedError('INSERT INTO x VALUES ($1)', [1], Object.assign(new Error(message), { code }));

    it.each<[string, unknown, boolean]>([
      ['a reset socket under a query', socketError('ECONNRESET', 'read'), true],
      ['a timed-out socket', socketError('ETIMEDOUT'), true],
      ['an unresolvable database host (container gone)', socketError('ENOTFOUND', 'getaddrinfo'), true],
      [
        'a connection lost inside a query (TypeORM QueryFailedError)',
        new QueryFailedError('SELECT 1', [], new Error('Connection terminated unexpectedly')),
        true,
      ],
      [
        'the next statement of a transaction whose connection died',
        new QueryRunnerProviderAlreadyReleasedError(),
        true,
      ],
      ['a statement on a query runner released after its connection died', new QueryRunnerAlreadyReleasedError(), true],
      [
        'both addresses of "localhost" refused (AggregateError)',
        Object.assign(new AggregateError([socketError('ECONNREFUSED'), socketError('ECONNREFUSED')], ''), {
          code: undefined,
        }),
        true,
      ],
      ['a unique violation', rejected('23505', 'duplicate key value violates unique constraint "uq_x"'), false],
      ['bad input text', rejected('22P02', 'invalid input syntax for type uuid: "x"'), false],
      ['a serialisation failure', rejected('40001', 'could not serialize access'), false],
      ['a programming error', new TypeError("Cannot read properties of undefined (reading 'id')"), false],
      ['a plain error mentioning a connection', new Error('Connection refused by policy'), false],
      ['not an error at all', 'ECONNREFUSED', false],
      ['nothing', undefined, false],
    ])('%s', (_name, error, expected) => {
      expect(isDatabaseUnavailable(error)).toBe(expected);
    });

    it('does not loop on an error that is its own cause', () => {
      const error = new Error('strange') as Error & { cause?: unknown };
      error.cause = error;
      expect(isDatabaseUnavailable(error)).toBe(false);
    });
  });

  describe('the answer', () => {
    it('is a 503 problem with Retry-After in seconds', () => {
      const problem = databaseUnavailable();
      expect(problem.status).toBe(503);
      expect(problem.toProblem()).toMatchObject({
        type: 'urn:zibo:problem:unavailable',
        title: 'Service unavailable',
        status: 503,
      });
      expect(Number(problem.headers['Retry-After'])).toBeGreaterThan(0);
      expect(problem.toProblem()['retryAfter']).toBe(Number(problem.headers['Retry-After']));
    });
  });
});
