import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { ResourceVisibilityRegistry } from '../../core/access/resource-visibility.registry';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';
import { TaskStatusRefresher } from './task-status-refresher.service';

@Global()
@Module({
  controllers: [TasksController],
  providers: [TasksService, TaskStatusRefresher],
  exports: [TasksService, TaskStatusRefresher],
})
export class TasksModule implements OnModuleInit {
  constructor(
    private readonly visibility: ResourceVisibilityRegistry,
    private readonly tasks: TasksService,
  ) {}

  onModuleInit(): void {
    this.visibility.register('task', (user, id) => this.tasks.isVisible(user, id));
  }
}
