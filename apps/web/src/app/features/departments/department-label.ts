export { departmentLabel } from '../../core/reference/reference-names';
