import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { provisionDatabase, startEmbeddedDatabase, APP_ROLE } from '../src/core/database/embedded-database';
import { migrate } from '../src/core/database/prepare-database';
import { TEST_DB_ENV, type TestDatabaseInfo } from './test-database';

const TEMPLATE = 'zibo_test_template';
const quiet = { log: () => undefined, warn: (line: string) => process.stderr.write(`${line}\n`) };

/**
 * Starts (or connects to) PostgreSQL once for the whole run and builds a template database:
 * migrated as the owner role, runtime role granted. Each test file copies it and seeds demo data
 * (the seeder needs the test transform for an ES-module dependency, which global setup lacks).
 */
export default async function globalSetup(): Promise<void> {
  let superuserUrl = process.env['TEST_DATABASE_URL'];
  if (!superuserUrl) {
    const dataDir = await mkdtemp(join(tmpdir(), 'zibo-test-pg-'));
    const embedded = await startEmbeddedDatabase({ dataDir, ephemeralTuning: true });
    (globalThis as { __ZIBO_TEST_PG__?: { stop(): Promise<void> } }).__ZIBO_TEST_PG__ = embedded;
    superuserUrl = embedded.superuserUrl;
  }

  const passwords = { owner: randomBytes(12).toString('hex'), app: randomBytes(12).toString('hex') };
  const admin = new Client({ connectionString: superuserUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
  await admin.end();
  const { ownerUrl } = await provisionDatabase(superuserUrl, TEMPLATE, passwords);
  await migrate(ownerUrl, APP_ROLE, quiet);
  // Tamper tests are generated per column of the migrated table, so a new column gets its test.
  const template = new Client({ connectionString: ownerUrl });
  await template.connect();
  const columns = await template.query<{ name: string; dataType: string; maxLength: number | null }>(
    `SELECT column_name AS name, data_type AS "dataType", character_maximum_length AS "maxLength"
       FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = 'audit_event' ORDER BY ordinal_position`,
  );
  await template.end();

  // Copies of a database may be made only while nobody is connected to it; all are closed now.
  const info: TestDatabaseInfo = {
    superuserUrl,
    ownerPassword: passwords.owner,
    appPassword: passwords.app,
    template: TEMPLATE,
    auditEventColumns: columns.rows,
  };
  process.env[TEST_DB_ENV] = JSON.stringify(info);
}
