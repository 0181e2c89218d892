import { Module, type OnModuleInit } from '@nestjs/common';
import { ResourceVisibilityRegistry } from '../../core/access/resource-visibility.registry';
import { DepartmentAnnouncements } from './department-announcements';
import { MailerService } from './mailer.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';
import { ReminderService } from './reminder.service';
import { ReminderSteps } from './reminder-steps';

/**
 * Every workflow use case notifies through it, in its own transaction. Also holds the
 * reminder job (report due, overdue) and the mailer that the scheduled run (scheduled-jobs) drives.
 */
@Module({
  controllers: [NotificationsController],
  providers: [NotificationsService, ReminderService, ReminderSteps, DepartmentAnnouncements, MailerService],
  exports: [NotificationsService, ReminderSteps, DepartmentAnnouncements, ReminderService, MailerService],
})
export class NotificationsModule implements OnModuleInit {
  constructor(
    private readonly visibility: ResourceVisibilityRegistry,
    private readonly notifications: NotificationsService,
  ) {}

  onModuleInit(): void {
    // Notifications belong to one user: anyone else's is a 404.
    this.visibility.register('notification', (user, id) => this.notifications.isOwn(user, id));
  }
}
