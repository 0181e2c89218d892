import { Injectable } from '@nestjs/common';
import { dictionary } from '@zxcvbn-ts/language-common';
import { type FieldError, passwordPolicyErrors } from '@zibo/domain';

// zxcvbn's list of ~49,000 common passwords (lower case), from leaked-password frequency data.
let common: Set<string> | undefined;
const isCommon = (lowerCased: string) => (common ??= new Set(dictionary['passwords-common'])).has(lowerCased);

/** The domain's password rules with the real list of common passwords behind them. */
export function newPasswordErrors(password: string, username: string, field = 'password'): FieldError[] {
  return passwordPolicyErrors(password, { username, field, isCommon });
}

@Injectable()
export class PasswordPolicy {
  errors(password: string, username: string, field = 'password'): FieldError[] {
    return newPasswordErrors(password, username, field);
  }
}
