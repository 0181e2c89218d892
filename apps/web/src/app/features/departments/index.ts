// The departments feature's public face: what the users pages may use. Its page is a lazy route entry
// (departments.routes.ts, loaded by path).
export { departmentLabel } from './department-label';
export { DepartmentsService } from './departments.service';
