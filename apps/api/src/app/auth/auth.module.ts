import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { BearerAuthenticator } from '../../core/access/bearer-authenticator';
import { AccessTokens } from './access-tokens';
import { AccountSecurityController, MfaResetController } from './account-security.controller';
import { AuthController } from './auth.controller';
import { AuthKeys } from './auth-keys';
import { CredentialsModule } from '../credentials';
import { JWT_SECRET } from './auth.tokens';
import { LoginRateLimit } from './login-rate-limit';
import { MfaService } from './mfa.service';
import { PasswordChangeService } from './password-change.service';
import { RecoveryCodes } from './recovery-codes';
import { RefreshCookie } from './refresh-cookie';
import { SecondFactor } from './second-factor';
import { SecurityPolicyController } from './security-policy.controller';
import { SessionAuthenticator } from './session-authenticator';
import { SessionStore } from './session-store';
import { SessionService } from './session.service';
import { SignInCompletion } from './sign-in-completion';
import { SignInService } from './sign-in.service';
import { Totp } from './totp';
import { AuditModule } from '../audit';

@Module({
  imports: [
    AuditModule,
    CredentialsModule,
    JwtModule.registerAsync({
      inject: [JWT_SECRET],
      // A KeyObject made once: given the string, jsonwebtoken tries it as a public key first on every
      // check (an exception thrown and caught per request, ~10 % of a read's CPU) before taking it as
      // the HMAC secret it is. The same bytes (UTF-8), so the same signatures.
      useFactory: (secret: string) => ({
        secret: createSecretKey(Buffer.from(secret, 'utf8')),
        signOptions: { algorithm: 'HS256' },
      }),
    }),
  ],
  controllers: [AuthController, AccountSecurityController, MfaResetController, SecurityPolicyController],
  providers: [
    AccessTokens,
    AuthKeys,
    LoginRateLimit,
    MfaService,
    PasswordChangeService,
    RecoveryCodes,
    RefreshCookie,
    SecondFactor,
    SessionStore,
    SessionService,
    SignInCompletion,
    SignInService,
    Totp,
    { provide: BearerAuthenticator, useClass: SessionAuthenticator },
  ],
  exports: [
    // for the access guard (core), which asks who sent a request
    BearerAuthenticator,
    // for single sign-on, which ends in the same completion path as a password
    AccessTokens,
    LoginRateLimit,
    RefreshCookie,
    SignInCompletion,
  ],
})
export class AuthModule {}
