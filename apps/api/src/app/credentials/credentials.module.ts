import { Module } from '@nestjs/common';
import { AccountPolicy } from './account-policy';
import { PasswordHasher } from './password-hasher.service';
import { PasswordPolicy } from './password-policy';

/**
 * How passwords are hashed and judged, and what an account must do before it gets a session: below
 * both sign-in (auth) and account administration (users), which each use them.
 */
@Module({
  providers: [PasswordHasher, PasswordPolicy, AccountPolicy],
  exports: [PasswordHasher, PasswordPolicy, AccountPolicy],
})
export class CredentialsModule {}
