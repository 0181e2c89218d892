import { Inject, Injectable } from '@nestjs/common';
import type { PasswordChangeReason, Role } from '@zibo/domain';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { PasswordPolicy } from './password-policy';

interface Account {
  username: string;
  role: Role;
  demo: boolean;
  mustChangePassword: boolean;
  passwordChangedAt: Date;
  totpEnabledAt: Date | null;
}

/**
 * What an account must do before it gets a session. The seeded demo accounts are exempt from the
 * second factor and from forced password changes while DEMO_DATA is on — only those accounts, and
 * never with DEMO_DATA off — so the two-command demo stays usable.
 */
@Injectable()
export class AccountPolicy {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly passwords: PasswordPolicy,
  ) {}

  demoExempt(account: Pick<Account, 'demo'>): boolean {
    return this.config.demoData && account.demo;
  }

  /** The role requires a second factor (MFA_REQUIRED_ROLES), and the account is not a demo one. */
  mfaRequired(account: Pick<Account, 'role' | 'demo'>): boolean {
    return this.config.mfaRequiredRoles.includes(account.role) && !this.demoExempt(account);
  }

  /** Why the password must change now, or null. `password` is the one just typed (checked against today's rules). */
  passwordChangeReason(account: Account, password: string, now: Date): PasswordChangeReason | null {
    if (this.demoExempt(account)) return null;
    if (account.mustChangePassword) return 'initial';
    const maxAgeMs = this.config.passwordMaxAgeDays * 86_400_000;
    if (maxAgeMs > 0 && now.getTime() - account.passwordChangedAt.getTime() > maxAgeMs) return 'expired';
    // A password set before today's rules (shorter than 12, common…) is replaced at the next sign-in.
    if (this.passwords.errors(password, account.username).length > 0) return 'policy';
    return null;
  }
}
