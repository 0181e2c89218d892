import './pg-types';
import { AuditEvent } from '../../app/audit/audit-event.entity';
import { Department } from '../../app/departments/department.entity';
import { FocusArea, WorkItem } from '../../app/reference/focus-area.entity';
import { User } from '../../app/users/user.entity';

/** Every entity, listed explicitly because the api is bundled (no globbing). */
export const ENTITIES = [Department, User, FocusArea, WorkItem, AuditEvent];
