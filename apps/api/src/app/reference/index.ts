import { FocusArea, WorkItem } from './focus-area.entity';
export { FocusArea, WorkItem } from './focus-area.entity';
export { ReferenceModule } from './reference.module';

/** This feature's tables, for the app's entity list (app/entities.ts). */
export const ReferenceEntities = [FocusArea, WorkItem];
