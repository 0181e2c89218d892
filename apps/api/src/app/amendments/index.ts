import { Amendment } from './amendment.entity';
export { Amendment } from './amendment.entity';
export { AmendmentsModule } from './amendments.module';

/** This feature's tables, for the app's entity list (app/entities.ts). */
export const AmendmentEntities = [Amendment];
