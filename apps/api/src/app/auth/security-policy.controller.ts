import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { PASSWORD_MIN_LENGTH, type SecurityPolicyView } from '@zibo/domain';
import { Access } from '../../core/access/access.decorator';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { ACCESS_TOKEN_SECONDS } from './access-tokens';
import { LOCK_WINDOW_MS, PAIR_MAX_FAILURES, USERNAME_MAX_FAILURES } from './login-throttle';
import { RECOVERY_CODE_COUNT } from './recovery-codes';

/**
 * The policy in force, read from the configuration and the code that enforces it (nothing here
 * is a second copy that could drift): the security administrator's page shows it read-only.
 */
@ApiTags('auth')
@Controller('security-policy')
export class SecurityPolicyController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  @Access({ permission: 'security-policy:manage' })
  @ApiOperation({ summary: 'The effective security policy (passwords, MFA, sessions, throttling, single sign-on)' })
  policy(): SecurityPolicyView {
    const { config } = this;
    return {
      password: {
        minLength: PASSWORD_MIN_LENGTH,
        commonListChecked: true,
        maxAgeDays: config.passwordMaxAgeDays,
        mustChangeAfterAdminReset: true,
      },
      mfa: { requiredRoles: [...config.mfaRequiredRoles], method: 'totp', recoveryCodes: RECOVERY_CODE_COUNT },
      session: {
        idleMinutes: config.sessionIdleMinutes,
        absoluteHours: config.sessionAbsoluteHours,
        accessTokenMinutes: ACCESS_TOKEN_SECONDS / 60,
      },
      throttling: {
        pairFailures: PAIR_MAX_FAILURES,
        usernameFailures: USERNAME_MAX_FAILURES,
        windowMinutes: LOCK_WINDOW_MS / 60_000,
        perAddressPerMinute: config.loginRatePerMinute,
        trustProxy: config.trustProxy,
      },
      singleSignOn: {
        enabled: config.oidc !== undefined,
        issuer: config.oidc?.issuer ?? null,
        claim: config.oidc?.claim ?? null,
      },
      demoAccountsExempt: config.demoData,
    };
  }
}
