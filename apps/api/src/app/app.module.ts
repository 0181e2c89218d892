import { type DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { APP_CONFIG, type AppConfig } from '../core/config/app-config';
import { Clock, SESSION_CLOCK } from '../core/clock';
import { CoreModule } from '../core/core.module';
import { AccessGuard } from '../core/access/access.guard';
import { DATABASE_STATUS, type DatabaseStatus } from '../core/database/database-status';
import { runtimeDataSourceOptions } from '../core/database/data-source-options';
import { ENTITIES } from './entities';
import { AuditModule, CheckpointSigner } from './audit';
import { AuthModule, JWT_SECRET } from './auth';
import { DepartmentsModule } from './departments';
import { HealthModule } from './health';
import { ReferenceModule } from './reference';
import { UsersModule } from './users';
import { TasksModule } from './tasks';
import { TaskImportModule } from './task-import';
import { ProgressModule } from './progress';
import { AttachmentsModule } from './attachments';
import { ContributionsModule } from './contributions';
import { AmendmentsModule } from './amendments';
import { DashboardModule } from './dashboard';
import { HistoryModule } from './history';
import { ExportsModule } from './exports';
import { LedgerModule } from './ledger';
import { SnapshotsModule } from './snapshots';
import { NotificationsModule } from './notifications';
import { ScheduledJobsModule } from './scheduled-jobs';
import { OidcModule } from './single-sign-on';
import { InboxModule } from './inbox';
import { CalendarModule } from './calendar';
import { SupervisionModule } from './supervision';
import { ChannelsModule } from './channels';
import { BulletinsModule } from './bulletins';
import { CommentsModule } from './comments';

export interface AppModuleOptions {
  config: AppConfig;
  runtimeUrl: string;
  jwtSecret: string;
  status: DatabaseStatus;
  /** Tests pin "now"; the server uses the system clock. */
  clock?: Clock;
  /** Tests move session time (tokens, idle and absolute limits, TOTP) on its own. */
  sessionClock?: Clock;
  /** Ed25519 private key (PKCS#8 PEM) for audit checkpoints. */
  auditSigningKey: string;
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    const { config } = options;
    return {
      module: AppModule,
      global: true,
      imports: [
        LoggerModule.forRoot({
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: {
            level: config.logLevel,
            // The request id of the request-context middleware: the same id in logs and audit events.
            genReqId: (req: IncomingMessage & { id?: string | number | object }) =>
              typeof req.id === 'string' || typeof req.id === 'number' ? String(req.id) : '',
            // Tokens, the refresh cookie and its Set-Cookie never reach the logs.
            redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
            autoLogging: { ignore: (req) => req.url === '/api/health' },
          },
        }),
        TypeOrmModule.forRoot(runtimeDataSourceOptions(options.runtimeUrl, ENTITIES)),
        CoreModule,
        AuditModule,
        AuthModule,
        UsersModule,
        DepartmentsModule,
        ReferenceModule,
        HealthModule,
        NotificationsModule,
        ScheduledJobsModule,
        OidcModule,
        CalendarModule,
        TasksModule,
        TaskImportModule,
        ProgressModule,
        InboxModule,
        AttachmentsModule,
        ContributionsModule,
        AmendmentsModule,
        DashboardModule,
        HistoryModule,
        ExportsModule,
        LedgerModule,
        SnapshotsModule,
        SupervisionModule,
        ChannelsModule,
        BulletinsModule,
        CommentsModule,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: JWT_SECRET, useValue: options.jwtSecret },
        { provide: DATABASE_STATUS, useValue: options.status },
        { provide: Clock, useValue: options.clock ?? new Clock() },
        { provide: SESSION_CLOCK, useValue: options.sessionClock ?? new Clock() },
        { provide: CheckpointSigner, useValue: new CheckpointSigner(options.auditSigningKey) },
        // Every route's declared access rule; here because it needs the auth feature's BearerAuthenticator.
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
      exports: [APP_CONFIG, JWT_SECRET, DATABASE_STATUS, Clock, SESSION_CLOCK, CheckpointSigner],
    };
  }
}
