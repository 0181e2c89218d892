import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications';
import { SnapshotsModule } from '../snapshots';
import { TasksModule } from '../tasks';
import { ReminderScheduler } from './reminder.scheduler';

/**
 * The timed run of every api process: status refresh (tasks), period snapshots (snapshots), then the
 * reminder job and its mail (notifications). Above the three, so none of them depends on another for it.
 */
@Module({ imports: [TasksModule, SnapshotsModule, NotificationsModule], providers: [ReminderScheduler] })
export class ScheduledJobsModule {}
