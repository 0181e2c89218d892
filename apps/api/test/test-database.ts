import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Written by the global setup, read by every test file (through the environment). */
export interface TestDatabaseInfo {
  superuserUrl: string;
  ownerPassword: string;
  appPassword: string;
  template: string;
  /** The columns of audit_event in the migrated schema (tests are generated from them). */
  auditEventColumns: { name: string; dataType: string; maxLength: number | null }[];
}

export const TEST_DB_ENV = 'ZIBO_TEST_DB';

export function testDatabaseInfo(): TestDatabaseInfo {
  const raw = process.env[TEST_DB_ENV];
  if (!raw) throw new Error('Integration tests need the global setup (jest.integration.config.cts)');
  return JSON.parse(raw) as TestDatabaseInfo;
}

export function urlFor(base: string, user: string, password: string, database: string): string {
  const url = new URL(base);
  url.username = user;
  url.password = password;
  url.pathname = `/${database}`;
  return url.toString();
}

/** A fresh database for one test file: a copy of the migrated, demo-seeded template. */
export async function createDatabaseFromTemplate(info: TestDatabaseInfo): Promise<string> {
  const name = `zibo_t_${randomBytes(6).toString('hex')}`;
  const client = new Client({ connectionString: info.superuserUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name} TEMPLATE ${info.template} OWNER zibo_owner`);
  } finally {
    await client.end();
  }
  return name;
}

export async function dropDatabase(info: TestDatabaseInfo, name: string): Promise<void> {
  const client = new Client({ connectionString: info.superuserUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
