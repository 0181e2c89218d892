import { OidcMapping } from './oidc-mapping.entity';
export { OidcModule } from './oidc.module';
export { OidcMapping } from './oidc-mapping.entity';

/** This feature's tables, for the app's entity list (app/entities.ts). */
export const SingleSignOnEntities = [OidcMapping];
