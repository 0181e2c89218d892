import { Department } from './department.entity';
export { Department } from './department.entity';
export { DepartmentsModule } from './departments.module';

/** This feature's tables, for the app's entity list (app/entities.ts). */
export const DepartmentEntities = [Department];
