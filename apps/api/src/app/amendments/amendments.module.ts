import { Module, type OnModuleInit } from '@nestjs/common';
import { ResourceVisibilityRegistry } from '../../core/access/resource-visibility.registry';
import { AmendmentsController } from './amendments.controller';
import { AmendmentsService } from './amendments.service';

@Module({ controllers: [AmendmentsController], providers: [AmendmentsService] })
export class AmendmentsModule implements OnModuleInit {
  constructor(
    private readonly visibility: ResourceVisibilityRegistry,
    private readonly amendments: AmendmentsService,
  ) {}

  onModuleInit(): void {
    this.visibility.register('amendment', (user, id) => this.amendments.isVisible(user, id));
  }
}
