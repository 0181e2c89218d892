import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { MailerService, ReminderService } from '../notifications';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { TaskStatusRefresher } from '../tasks';
import { SnapshotService } from '../snapshots';

/** The first run waits this long after start, so start-up (and its log lines) finish first. */
export const FIRST_RUN_DELAY_MS = 3_000;

/**
 * Refreshes the day's RAG statuses, takes the status snapshots of closed periods, runs the reminder job,
 * then the mailer, shortly after start and every REMINDER_INTERVAL_MINUTES.
 * Every api process runs it; the job's lock and dedupe keys make that safe. Plain unref'd timers:
 * they never keep the process alive, and a failed run is logged, never thrown.
 */
@Injectable()
export class ReminderScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ReminderScheduler.name);
  private firstRun: NodeJS.Timeout | undefined;
  private interval: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly reminders: ReminderService,
    private readonly mailer: MailerService,
    private readonly refresher: TaskStatusRefresher,
    private readonly snapshots: SnapshotService,
    private readonly unitOfWork: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const minutes = this.config.reminderIntervalMinutes;
    if (minutes <= 0) return;
    this.firstRun = setTimeout(() => this.tick(), FIRST_RUN_DELAY_MS);
    this.firstRun.unref();
    this.interval = setInterval(() => this.tick(), minutes * 60_000);
    this.interval.unref();
  }

  // Before shutdown, not on it: the run in flight must finish while the database pool is still open.
  async beforeApplicationShutdown(): Promise<void> {
    clearTimeout(this.firstRun);
    clearInterval(this.interval);
    this.firstRun = this.interval = undefined;
    await this.running;
  }

  /** One scheduled run; skipped while the previous one is still going. */
  private tick(): void {
    if (this.running) return;
    this.running = this.run().finally(() => {
      this.running = undefined;
    });
  }

  private async run(): Promise<void> {
    try {
      // RAG turns at 00:00 business time; reads also catch up lazily, this keeps stored lights fresh.
      const refreshed = await this.unitOfWork.run((tx) => this.refresher.refreshStale(tx));
      if (refreshed) this.logger.log(`daily status refresh: ${refreshed} task(s)`);
    } catch (error) {
      this.logger.error(`status refresh failed: ${describe(error)}`);
    }
    try {
      // Periods close at their deadline: record each open task's status then (reads also catch up lazily).
      const taken = await this.snapshots.takeDue();
      if (taken) this.logger.log(`status snapshots: ${taken} taken`);
    } catch (error) {
      this.logger.error(`status snapshots failed: ${describe(error)}`);
    }
    try {
      const { created } = await this.reminders.runOnce();
      if (created) this.logger.log(`reminders: ${created} notification(s) created`);
    } catch (error) {
      this.logger.error(`reminder run failed: ${describe(error)}`);
    }
    if (!this.mailer.enabled) return;
    try {
      const { sent, failed } = await this.mailer.sendPending();
      if (sent || failed) this.logger.log(`reminder mail: ${sent} sent, ${failed} failed`);
    } catch (error) {
      this.logger.error(`reminder mail run failed: ${describe(error)}`);
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
