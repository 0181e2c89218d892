import { Module, type OnModuleInit } from '@nestjs/common';
import { ResourceVisibilityRegistry } from '../../core/access/resource-visibility.registry';
import { ReminderSteps } from '../notifications/reminder-steps';
import { ReceiptController } from './receipt.controller';
import { ReceiptService } from './receipt.service';
import { UrgeEscalation } from './urge-escalation';
import { UrgesController } from './urges.controller';
import { UrgesService } from './urges.service';

/** 督查督办: receipt (签收 / 退办) and urging (催办) of tasks, with escalation in the reminder job. */
@Module({
  controllers: [ReceiptController, UrgesController],
  providers: [ReceiptService, UrgesService, UrgeEscalation],
})
export class SupervisionModule implements OnModuleInit {
  constructor(
    private readonly visibility: ResourceVisibilityRegistry,
    private readonly urges: UrgesService,
    private readonly steps: ReminderSteps,
    private readonly escalation: UrgeEscalation,
  ) {}

  onModuleInit(): void {
    // Urges are scoped like their task: 404 to whoever may not see it.
    this.visibility.register('urge', (user, id) => this.urges.isVisible(user, id));
    this.steps.register('urge unaccepted tasks', (tx, now) => this.escalation.urgeUnaccepted(tx, now));
    this.steps.register('escalate urges', (tx, now) => this.escalation.escalate(tx, now));
  }
}
