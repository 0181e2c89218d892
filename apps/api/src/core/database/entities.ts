import './pg-types';
import { AuditEvent } from '../../app/audit';
import { Department } from '../../app/departments';
import { FocusArea, WorkItem } from '../../app/reference';
import { User } from '../../app/users';
import { Indicator, Milestone, Task, TaskCoDepartment } from '../../app/tasks';
import { ProgressReport, ProgressReportVersion, Contribution, Attachment } from '../../app/progress';
import { Amendment } from '../../app/amendments';
import { Notification } from '../../app/notifications';
import { OidcMapping } from '../../app/single-sign-on';

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
