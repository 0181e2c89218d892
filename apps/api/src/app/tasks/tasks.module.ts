import { Module, type OnModuleInit } from '@nestjs/common';
import { ResourceVisibilityRegistry } from '../../core/access/resource-visibility.registry';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';
import { TaskQueries } from './task-queries.service';
import { TaskRepository } from './task.repository';
import { TaskStatusRefresher } from './task-status-refresher.service';
import { AuditModule } from '../audit';
import { CalendarModule } from '../calendar';
import { NotificationsModule } from '../notifications';

@Module({
  imports: [AuditModule, CalendarModule, NotificationsModule],
  controllers: [TasksController],
  providers: [TasksService, TaskQueries, TaskRepository, TaskStatusRefresher],
  exports: [TasksService, TaskQueries, TaskRepository, TaskStatusRefresher],
})
export class TasksModule implements OnModuleInit {
  constructor(
    private readonly visibility: ResourceVisibilityRegistry,
    private readonly queries: TaskQueries,
  ) {}

  onModuleInit(): void {
    this.visibility.register('task', (user, id) => this.queries.isVisible(user, id));
  }
}
