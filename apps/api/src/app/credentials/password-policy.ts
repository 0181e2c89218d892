import { Injectable } from '@nestjs/common';
import type { dictionary as zxcvbnDictionary } from '@zxcvbn-ts/language-common';
import { type FieldError, passwordPolicyErrors } from '@zibo/domain';

// zxcvbn's list of ~49,000 common passwords (lower case), from leaked-password frequency data. Its
// dictionaries (≈ 2.5 MB of heap) load with the first password checked: an idle api does not carry them.
let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { dictionary } = require('@zxcvbn-ts/language-common') as { dictionary: typeof zxcvbnDictionary };
  return new Set(dictionary['passwords-common']);
}
const isCommon = (lowerCased: string) => (common ??= commonPasswords()).has(lowerCased);

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
