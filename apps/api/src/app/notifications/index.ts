export { DepartmentAnnouncements } from './department-announcements';
export type { DepartmentAnnouncement } from './department-announcements';
export { MailerService } from './mailer.service';
export { Notification } from './notification.entity';
export { NotificationsModule } from './notifications.module';
export { NotificationsService } from './notifications.service';
export { ReminderSteps } from './reminder-steps';
export { ReminderService } from './reminder.service';
