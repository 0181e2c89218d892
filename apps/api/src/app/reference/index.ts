export { FocusArea, WorkItem } from './focus-area.entity';
export { ReferenceModule } from './reference.module';
