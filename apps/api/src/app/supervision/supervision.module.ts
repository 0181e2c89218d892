import { Module, type OnModuleInit } from '@nestjs/common';
import { ResourceVisibilityRegistry } from '../../core/access/resource-visibility.registry';
import { ReminderSteps } from '../notifications';
import { ReceiptController } from './receipt.controller';
import { ReceiptService } from './receipt.service';
import { UrgeEscalation } from './urge-escalation';
import { UrgesController } from './urges.controller';
import { UrgesService } from './urges.service';
import { NoticesController } from './notices.controller';
import { NoticesService } from './notices.service';
import { DirectivesController } from './directives.controller';
import { DirectivesService } from './directives.service';
import { CloseOutController } from './close-out.controller';
import { CloseOutService } from './close-out.service';
import { AuditModule } from '../audit';
import { CalendarModule } from '../calendar';
import { NotificationsModule } from '../notifications';
import { TasksModule } from '../tasks';

/**
 * 督查督办: receipt (签收 / 退办), urging (催办) with escalation in the reminder job, 三色督办单 notices,
 * 领导批示 directives and 办结销号 close-out.
 */
@Module({
  imports: [AuditModule, CalendarModule, NotificationsModule, TasksModule],
  controllers: [ReceiptController, UrgesController, NoticesController, DirectivesController, CloseOutController],
  providers: [ReceiptService, UrgesService, UrgeEscalation, NoticesService, DirectivesService, CloseOutService],
})
export class SupervisionModule implements OnModuleInit {
  constructor(
    private readonly visibility: ResourceVisibilityRegistry,
    private readonly urges: UrgesService,
    private readonly steps: ReminderSteps,
    private readonly escalation: UrgeEscalation,
    private readonly notices: NoticesService,
    private readonly directives: DirectivesService,
    private readonly closeOut: CloseOutService,
  ) {}

  onModuleInit(): void {
    // Urges are scoped like their task: 404 to whoever may not see it.
    this.visibility.register('urge', (user, id) => this.urges.isVisible(user, id));
    this.visibility.register('supervision_notice', (user, id) => this.notices.isVisible(user, id));
    this.visibility.register('directive', (user, id) => this.directives.isVisible(user, id));
    // A close-out request (and its evidence) is seen by whoever sees its task.
    this.visibility.register('close_out_request', (user, id) => this.closeOut.isVisible(user, id));
    this.steps.register('urge unaccepted tasks', (tx, now) => this.escalation.urgeUnaccepted(tx, now));
    this.steps.register('escalate urges', (tx, now) => this.escalation.escalate(tx, now));
  }
}
