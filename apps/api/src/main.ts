import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger as PinoLogger } from 'nestjs-pino';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { AppModule } from './app/app.module';
import { PasswordHasher } from './app/credentials';
import { seedDemoData, seedDemoDiscussion, seedDemoWorkflow } from './app/demo';
import { TaskStatusRefresher } from './app/tasks';
import { ConfigError, loadConfig } from './core/config/app-config';
import { configureApp } from './core/configure-app';
import { checkAppendOnly, prepareDatabase } from './core/database/prepare-database';

const console_ = {
  log: (message: string) => process.stdout.write(`${message}\n`),
  warn: (message: string) => process.stderr.write(`WARNING: ${message}\n`),
};

async function bootstrap(): Promise<void> {
  const startedAt = Date.now();
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every variable.\n`);
      process.exit(2);
    }
    throw error;
  }

  const database = await prepareDatabase(config, console_);
  const jwtSecret = config.jwtSecret ?? database.generatedJwtSecret;
  if (!jwtSecret) throw new Error('JWT_SECRET is not set');
  const auditSigningKey = config.auditSigningKey ?? database.generatedAuditSigningKey;
  if (!auditSigningKey) throw new Error('AUDIT_SIGNING_KEY is not set');
  // The built web app sits beside the api in dist/ (dist/apps/web/browser).
  const webDir = resolve(config.webDir ?? resolve(__dirname, '../web/browser'));

  const status = { embedded: database.embedded, appendOnlyEnforced: database.appendOnlyEnforced };
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({ config, runtimeUrl: database.runtimeUrl, jwtSecret, auditSigningKey, status }),
    { bufferLogs: true },
  );
  app.useLogger(app.get(PinoLogger));
  configureApp(app, config, webDir);

  const dataSource = app.get(DataSource);
  status.appendOnlyEnforced = await checkAppendOnly(dataSource);
  if (!status.appendOnlyEnforced) {
    console_.warn(
      'The api connects with a database role that can UPDATE or DELETE the audit log: its append-only ' +
        'guarantee is NOT enforced. Give the api its own role (DATABASE_URL) and migrate with DATABASE_OWNER_URL.',
    );
  }
  if (config.demoData) {
    if (await seedDemoData(dataSource, app.get(PasswordHasher))) {
      console_.log(
        'demo data created: accounts admin, committee, auditor, head.<dept>, staff.<dept> (password Demo@2021)',
      );
    }
    const tasks = await seedDemoWorkflow(dataSource, {
      now: new Date(),
      timeZone: config.businessTimeZone,
      reportDueDay: config.reportDueDay,
      refresher: app.get(TaskStatusRefresher),
    });
    if (tasks) console_.log(`demo tasks created: ${tasks} across the eight focus areas`);
    // Through the services, whose visibility checks the modules register when the app initialises.
    await app.init();
    const zone = { now: new Date(), timeZone: config.businessTimeZone, reportDueDay: config.reportDueDay };
    if (await seedDemoDiscussion(app, zone)) console_.log('demo bulletin published and demo comments posted');
  }

  // Graceful stop: refuse new connections, let in-flight requests finish, close the pool, then
  // stop the embedded database (if any), in that order.
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console_.log(`${signal} received: shutting down`);
    const forceExit = setTimeout(() => process.exit(1), 20_000);
    forceExit.unref();
    app
      .close()
      .then(() => database.stop())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console_.warn(`shutdown failed: ${String(error)}`);
        process.exit(1);
      });
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);

  await app.listen(config.port, config.host);
  const url = `http://localhost:${config.port}`;
  console_.log(
    `Zibo work supervision is up in ${Date.now() - startedAt} ms: ${url} (api ${url}/api, docs ${url}/api/docs)`,
  );
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`Start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
