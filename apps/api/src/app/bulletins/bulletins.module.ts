import { Module, type OnModuleInit } from '@nestjs/common';
import { ResourceVisibilityRegistry } from '../../core/access/resource-visibility.registry';
import { LedgerModule } from '../ledger';
import { BulletinDocumentsService } from './bulletin-documents.service';
import { BulletinsController } from './bulletins.controller';
import { BulletinsService } from './bulletins.service';
import { AuditModule } from '../audit';
import { NotificationsModule } from '../notifications';

/** 督查通报: the committee's monthly bulletin, drafted from the ledger and the ranking, published to every department. */
@Module({
  imports: [AuditModule, NotificationsModule, LedgerModule],
  controllers: [BulletinsController],
  providers: [BulletinsService, BulletinDocumentsService],
})
export class BulletinsModule implements OnModuleInit {
  constructor(
    private readonly visibility: ResourceVisibilityRegistry,
    private readonly bulletins: BulletinsService,
  ) {}

  onModuleInit(): void {
    // Published bulletins are read by every role that reads business data; drafts by the committee only.
    this.visibility.register('bulletin', (user, id) => this.bulletins.isVisible(user, id));
  }
}
