import './pg-types';
import { AuditEvent } from '../../app/audit/audit-event.entity';
import { Department } from '../../app/departments/department.entity';
import { FocusArea, WorkItem } from '../../app/reference/focus-area.entity';
import { User } from '../../app/users/user.entity';
import { Indicator, Milestone, Task, TaskCoDepartment } from '../../app/tasks/task.entity';
import { ProgressReport, ProgressReportVersion } from '../../app/progress/progress-report.entity';
import { Contribution } from '../../app/contributions/contribution.entity';
import { Attachment } from '../../app/attachments/attachment.entity';
import { Amendment } from '../../app/amendments/amendment.entity';
import { Notification } from '../../app/notifications/notification.entity';
import { OidcMapping } from '../../app/single-sign-on/oidc-mapping.entity';

/** Every entity, listed explicitly because the api is bundled (no globbing). */
export const ENTITIES = [
  Department,
  User,
  FocusArea,
  WorkItem,
  AuditEvent,
  Task,
  TaskCoDepartment,
  Milestone,
  Indicator,
  ProgressReport,
  ProgressReportVersion,
  Contribution,
  Attachment,
  Amendment,
  Notification,
  OidcMapping,
];
