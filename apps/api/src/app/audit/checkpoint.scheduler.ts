import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { AuditService } from './audit.service';

/**
 * Signs a checkpoint of the chain head every CHECKPOINT_INTERVAL_MINUTES (default 5) when events
 * were added; the writer adds one every 1,000 events. Together they bound what a deletion of the
 * newest rows could hide (docs/rules.md).
 */
@Injectable()
export class CheckpointScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(CheckpointScheduler.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.nodeEnv === 'test') return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.audit
        .checkpointNow()
        .catch((error: unknown) => this.logger.error(`checkpoint failed: ${String(error)}`))
        .finally(() => (this.running = undefined));
    }, this.config.checkpointIntervalMinutes * 60_000);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
