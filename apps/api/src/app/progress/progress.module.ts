import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { ResourceVisibilityRegistry } from '../../core/access/resource-visibility.registry';
import { ProgressController } from './progress.controller';
import { ProgressService } from './progress.service';

@Global()
@Module({
  controllers: [ProgressController],
  providers: [ProgressService],
  exports: [ProgressService],
})
export class ProgressModule implements OnModuleInit {
  constructor(
    private readonly visibility: ResourceVisibilityRegistry,
    private readonly progress: ProgressService,
  ) {}

  onModuleInit(): void {
    this.visibility.register('report', (user, id) => this.progress.isVisible(user, id));
  }
}
