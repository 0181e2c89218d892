import { Module, type OnModuleInit } from '@nestjs/common';
import { ResourceVisibilityRegistry } from '../../core/access/resource-visibility.registry';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsService } from './attachments.service';
import { AuditModule } from '../audit';

@Module({ imports: [AuditModule], controllers: [AttachmentsController], providers: [AttachmentsService] })
export class AttachmentsModule implements OnModuleInit {
  constructor(
    private readonly visibility: ResourceVisibilityRegistry,
    private readonly attachments: AttachmentsService,
  ) {}

  onModuleInit(): void {
    this.visibility.register('attachment', (user, id) => this.attachments.isVisible(user, id));
  }
}
