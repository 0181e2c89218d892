export { OidcModule } from './oidc.module';
export { OidcMapping } from './oidc-mapping.entity';
