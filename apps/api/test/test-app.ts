import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PasswordHasher } from '../src/app/credentials/password-hasher.service';
import { seedDemoData } from '../src/app/demo/demo-seeder';
import { runtimeDataSourceOptions } from '../src/core/database/data-source-options';
import { ENTITIES } from '../src/app/entities';
import { AppModule } from '../src/app/app.module';
import type { Clock } from '../src/core/clock';
import { loadConfig } from '../src/core/config/app-config';
import { configureApp } from '../src/core/configure-app';
import { APP_ROLE, OWNER_ROLE } from '../src/core/database/embedded-database';
import {
  type TestDatabaseInfo,
  createDatabaseFromTemplate,
  dropDatabase,
  testDatabaseInfo,
  urlFor,
} from './test-database';

export const DEMO_PASSWORD = 'Demo@2021';

/** One checkpoint key per test process; `audit/public-key` returns its public half. */
export const TEST_SIGNING_KEY = generateKeyPairSync('ed25519')
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

export interface HttpResult<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

/** A running api process (in this test process) on its own port. */
export interface ApiInstance {
  app: INestApplication;
  baseUrl: string;
  request<T = unknown>(method: string, path: string, options?: RequestOptions): Promise<HttpResult<T>>;
  close(): Promise<void>;
}

async function startApi(
  runtimeUrl: string,
  env: Record<string, string>,
  clock?: Clock,
  sessionClock?: Clock,
): Promise<ApiInstance> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: runtimeUrl,
    LOG_LEVEL: 'silent',
    PORT: '0',
    HOST: '127.0.0.1',
    // The test database is seeded with the demo accounts, which sign in without MFA only with demo data on.
    DEMO_DATA: 'true',
    ...env,
  });
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({
      config,
      runtimeUrl,
      jwtSecret: env['JWT_SECRET'] ?? 'integration-tests-secret-0123456789abcdef',
      status: { embedded: false, appendOnlyEnforced: true },
      clock,
      sessionClock,
      // Another key (AUDIT_SIGNING_KEY) plays a key rotation.
      auditSigningKey: config.auditSigningKey ?? TEST_SIGNING_KEY,
    }),
    // Errors only: a 500 in a test shows its cause.
    { logger: ['error'] },
  );
  configureApp(app, config);
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    app,
    baseUrl,
    async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<HttpResult<T>> {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token) headers['authorization'] = `Bearer ${options.token}`;
      let body: string | undefined = options.rawBody;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
      }
      if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
      const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, headers: response.headers, body: parsed as T };
    },
    close: () => app.close(),
  };
}

/**
 * One test file's world: its own database (a copy of the demo-seeded template), one or more api
 * instances on it, and superuser/owner SQL access for checks that go around the api.
 */
export class TestWorld {
  private readonly instances: ApiInstance[] = [];
  private constructor(
    private readonly info: TestDatabaseInfo,
    readonly database: string,
    readonly runtimeUrl: string,
    readonly ownerUrl: string,
  ) {}

  static async create(): Promise<TestWorld> {
    const info = testDatabaseInfo();
    const database = await createDatabaseFromTemplate(info);
    const world = new TestWorld(
      info,
      database,
      urlFor(info.superuserUrl, APP_ROLE, info.appPassword, database),
      urlFor(info.superuserUrl, OWNER_ROLE, info.ownerPassword, database),
    );
    const dataSource = new DataSource(runtimeDataSourceOptions(world.runtimeUrl, ENTITIES));
    await dataSource.initialize();
    try {
      await seedDemoData(dataSource, new PasswordHasher());
    } finally {
      await dataSource.destroy();
    }
    return world;
  }

  /**
   * Starts an api instance; several share the database like several api processes would. `clock` is
   * business time (deadlines, periods); `sessionClock` the time of tokens and session limits.
   */
  async api(env: Record<string, string> = {}, clock?: Clock, sessionClock?: Clock): Promise<ApiInstance> {
    const instance = await startApi(this.runtimeUrl, env, clock, sessionClock);
    this.instances.push(instance);
    return instance;
  }

  /** Runs SQL as the given role (default: the runtime role the api uses). */
  async sql<T = Record<string, unknown>>(
    text: string,
    params: unknown[] = [],
    as: 'app' | 'owner' | 'superuser' = 'app',
  ): Promise<T[]> {
    const superuser = new URL(this.info.superuserUrl);
    superuser.pathname = `/${this.database}`;
    const url = { app: this.runtimeUrl, owner: this.ownerUrl, superuser: superuser.toString() }[as];
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  async close(): Promise<void> {
    for (const instance of this.instances.splice(0)) await instance.close();
    await dropDatabase(this.info, this.database);
  }
}

/** Signs in and returns the bearer token (fails the test loudly otherwise). */
export async function signIn(api: ApiInstance, username: string, password = DEMO_PASSWORD): Promise<string> {
  const result = await api.request<{ accessToken: string }>('POST', '/api/auth/login', {
    body: { username, password },
  });
  if (result.status !== 200 || typeof result.body.accessToken !== 'string')
    throw new Error(`sign-in of ${username} answered ${result.status}: ${JSON.stringify(result.body)}`);
  return result.body.accessToken;
}

/** The refresh token of a response's `Set-Cookie`, or undefined. */
export function refreshCookieOf(result: HttpResult): string | undefined {
  const cookies = result.headers.getSetCookie();
  const cookie = cookies.find((c) => c.startsWith('zibo_refresh='));
  const value = cookie?.slice('zibo_refresh='.length).split(';')[0];
  return value ? value : undefined;
}

export const uniqueName = (prefix: string) => `${prefix}${randomBytes(3).toString('hex')}`;

/** Ids of the demo departments by code. */
export async function departmentIds(world: TestWorld): Promise<Record<string, string>> {
  const rows = await world.sql<{ id: string; code: string }>('SELECT id, code FROM department');
  return Object.fromEntries(rows.map((r) => [r.code, r.id]));
}
