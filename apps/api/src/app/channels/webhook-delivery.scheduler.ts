import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { WebhookDelivery } from './webhook-delivery.service';

/**
 * Sends the robots' outbox every CHANNEL_DELIVERY_SECONDS in every api process (the row claims keep
 * each message single). Unref'd timers; a failed run is logged, never thrown.
 */
@Injectable()
export class WebhookDeliveryScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookDeliveryScheduler.name);
  private interval: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly delivery: WebhookDelivery,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.config.webhooks.deliverySeconds;
    if (seconds <= 0) return;
    this.interval = setInterval(() => this.tick(), seconds * 1000);
    this.interval.unref();
  }

  // Before shutdown: the run in flight finishes while the pool is still open.
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.interval);
    this.interval = undefined;
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.delivery
      .deliverPending()
      .then(({ sent, retried, failed }) => {
        if (sent || retried || failed)
          this.logger.log(`robot messages: ${sent} sent, ${retried} to retry, ${failed} failed`);
      })
      .catch((error: unknown) => {
        this.logger.error(`robot delivery run failed: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => {
        this.running = undefined;
      });
  }
}
