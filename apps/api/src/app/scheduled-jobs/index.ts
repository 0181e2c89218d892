export { ScheduledJobsModule } from './scheduled-jobs.module';
