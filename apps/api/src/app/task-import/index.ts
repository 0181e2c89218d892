export { TaskImportModule } from './task-import.module';
