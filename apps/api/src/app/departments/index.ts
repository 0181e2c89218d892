export { Department } from './department.entity';
export { DepartmentsModule } from './departments.module';
