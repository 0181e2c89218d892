import { Indicator, Milestone, Task, TaskCoDepartment } from './task.entity';
export {
  attachmentColumns,
  contributionColumns,
  reportColumns,
  visibleAttachmentCondition,
  visibleHistoryCondition,
  visibleRecordCondition,
} from './record-visibility';
export { relationTo } from './task-actions';
export { TaskQueries } from './task-queries.service';
export { selectTaskForUpdate } from './task-rows';
export { TaskStatusRefresher } from './task-status-refresher.service';
export { focusAreaOf } from './task-views';
export { isVisibleThroughTask, visibleTaskCondition } from './task-visibility';
export { Indicator, Milestone, Task, TaskCoDepartment } from './task.entity';
export { TaskRepository } from './task.repository';
export { TasksModule } from './tasks.module';
export { TasksService } from './tasks.service';

/** This feature's tables, for the app's entity list (app/entities.ts). */
export const TaskEntities = [Task, TaskCoDepartment, Milestone, Indicator];
