import { AmendmentEntities } from './amendments';
import { AuditEntities } from './audit';
import { DepartmentEntities } from './departments';
import { NotificationEntities } from './notifications';
import { ProgressEntities } from './progress';
import { ReferenceEntities } from './reference';
import { SingleSignOnEntities } from './single-sign-on';
import { TaskEntities } from './tasks';
import { UserEntities } from './users';

/**
 * Every entity, listed explicitly because the api is bundled (no globbing). Each feature names its own
 * in its index; the app assembles them, so the database setup in core depends on no feature.
 */
export const ENTITIES = [
  ...DepartmentEntities,
  ...UserEntities,
  ...ReferenceEntities,
  ...AuditEntities,
  ...TaskEntities,
  ...ProgressEntities,
  ...AmendmentEntities,
  ...NotificationEntities,
  ...SingleSignOnEntities,
];
