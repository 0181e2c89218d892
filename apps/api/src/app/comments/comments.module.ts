import { Module, type OnModuleInit } from '@nestjs/common';
import { ResourceVisibilityRegistry } from '../../core/access/resource-visibility.registry';
import { CommentsController, ReportCommentsController, TaskCommentsController } from './comments.controller';
import { CommentsService } from './comments.service';
import { AuditModule } from '../audit';
import { NotificationsModule } from '../notifications';

/** Comments with mentions on tasks and reports. */
@Module({
  imports: [AuditModule, NotificationsModule],
  controllers: [TaskCommentsController, ReportCommentsController, CommentsController],
  providers: [CommentsService],
})
export class CommentsModule implements OnModuleInit {
  constructor(
    private readonly visibility: ResourceVisibilityRegistry,
    private readonly comments: CommentsService,
  ) {}

  onModuleInit(): void {
    // A comment is seen by whoever sees its task (or, on a report, the report).
    this.visibility.register('comment', (user, id) => this.comments.isVisible(user, id));
  }
}
