import { Module, type OnModuleInit } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { ResourceVisibilityRegistry } from '../../core/access/resource-visibility.registry';
import { JWT_SECRET } from '../auth';
import { CredentialsModule } from '../credentials';
import { OidcClient } from './oidc-client';
import { OidcController } from './oidc.controller';
import { OidcMappingsController } from './oidc-mappings.controller';
import { OidcMappingsService } from './oidc-mappings.service';
import { OidcSignInService } from './oidc-sign-in.service';
import { OidcStateCookie } from './oidc-state-cookie';
import { AuditModule } from '../audit';
import { AuthModule } from '../auth';

/** Single sign-on with the zone's identity provider (OpenID Connect), and its mapping table. */
@Module({
  imports: [
    AuditModule,
    AuthModule,
    CredentialsModule,
    JwtModule.registerAsync({
      inject: [JWT_SECRET],
      useFactory: (secret: string) => ({ secret, signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  controllers: [OidcController, OidcMappingsController],
  providers: [OidcClient, OidcMappingsService, OidcSignInService, OidcStateCookie],
})
export class OidcModule implements OnModuleInit {
  constructor(
    private readonly visibility: ResourceVisibilityRegistry,
    private readonly mappings: OidcMappingsService,
  ) {}

  onModuleInit(): void {
    this.visibility.register('oidc_mapping', (_caller, id) => this.mappings.exists(id));
  }
}
