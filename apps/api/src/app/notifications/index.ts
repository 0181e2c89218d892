import { Notification } from './notification.entity';
export { DepartmentAnnouncements } from './department-announcements';
export type { DepartmentAnnouncement } from './department-announcements';
export { MailerService } from './mailer.service';
export { Notification } from './notification.entity';
export { NotificationsModule } from './notifications.module';
export { NotificationsService } from './notifications.service';
export { ReminderSteps } from './reminder-steps';
export { ReminderService } from './reminder.service';

/** This feature's tables, for the app's entity list (app/entities.ts). */
export const NotificationEntities = [Notification];
