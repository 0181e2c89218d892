import { Module, type OnModuleInit } from '@nestjs/common';
import { DepartmentAnnouncements } from '../notifications';
import { WebhookDeliveryScheduler } from './webhook-delivery.scheduler';
import { WebhookDelivery } from './webhook-delivery.service';
import { WebhookSealing } from './webhook-sealing';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';
import { AuditModule } from '../audit';
import { NotificationsModule } from '../notifications';

/**
 * Where civil servants are: the departments' 企业微信 and 钉钉 group robots. What departments are
 * told (urges, notices, escalations, reporting deadlines) goes into an outbox in the same
 * transaction, and a scheduler in every api process sends it, once.
 */
@Module({
  imports: [AuditModule, NotificationsModule],
  controllers: [WebhooksController],
  providers: [WebhookSealing, WebhooksService, WebhookDelivery, WebhookDeliveryScheduler],
})
export class ChannelsModule implements OnModuleInit {
  constructor(
    private readonly announcements: DepartmentAnnouncements,
    private readonly webhooks: WebhooksService,
  ) {}

  onModuleInit(): void {
    this.announcements.listen((tx, announcement) => this.webhooks.enqueue(tx, announcement));
  }
}
