import { Module, type OnModuleInit } from '@nestjs/common';
import { ResourceVisibilityRegistry } from '../../core/access/resource-visibility.registry';
import { ProgressController } from './progress.controller';
import { ProgressService } from './progress.service';
import { AuditModule } from '../audit';
import { NotificationsModule } from '../notifications';
import { TasksModule } from '../tasks';

@Module({
  imports: [AuditModule, NotificationsModule, TasksModule],
  controllers: [ProgressController],
  providers: [ProgressService],
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
