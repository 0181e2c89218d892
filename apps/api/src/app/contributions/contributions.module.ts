import { Module, type OnModuleInit } from '@nestjs/common';
import { ResourceVisibilityRegistry } from '../../core/access/resource-visibility.registry';
import { ContributionsController } from './contributions.controller';
import { ContributionsService } from './contributions.service';
import { AuditModule } from '../audit';

@Module({ imports: [AuditModule], controllers: [ContributionsController], providers: [ContributionsService] })
export class ContributionsModule implements OnModuleInit {
  constructor(
    private readonly visibility: ResourceVisibilityRegistry,
    private readonly contributions: ContributionsService,
  ) {}

  onModuleInit(): void {
    this.visibility.register('contribution', (user, id) => this.contributions.isVisible(user, id));
  }
}
