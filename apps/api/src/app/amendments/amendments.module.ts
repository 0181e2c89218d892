import { Module, type OnModuleInit } from '@nestjs/common';
import { ResourceVisibilityRegistry } from '../../core/access/resource-visibility.registry';
import { AmendmentsController } from './amendments.controller';
import { AmendmentsService } from './amendments.service';
import { AuditModule } from '../audit';
import { TasksModule } from '../tasks';

@Module({ imports: [AuditModule, TasksModule], controllers: [AmendmentsController], providers: [AmendmentsService] })
export class AmendmentsModule implements OnModuleInit {
  constructor(
    private readonly visibility: ResourceVisibilityRegistry,
    private readonly amendments: AmendmentsService,
  ) {}

  onModuleInit(): void {
    this.visibility.register('amendment', (user, id) => this.amendments.isVisible(user, id));
  }
}
