import type { FieldError } from '@zibo/domain';

/** A translation key with its parameters. */
export interface MessageKey {
  key: string;
  params?: Record<string, string | number>;
}

// The domain schemas speak English; these patterns give their messages a key in the UI's language.
const MESSAGE_PATTERNS: readonly [RegExp, (match: RegExpMatchArray) => MessageKey][] = [
  [/^Required$/, () => ({ key: 'validation.required' })],
  [/^At most (\d+) characters$/, (m) => ({ key: 'validation.maxLength', params: { max: Number(m[1]) } })],
  [/^At least (\d+) characters$/, (m) => ({ key: 'validation.minLength', params: { min: Number(m[1]) } })],
  [/^Must mix letters with digits or symbols$/, () => ({ key: 'validation.passwordMix' })],
  [/^Lowercase letters, digits/, () => ({ key: 'validation.codeFormat' })],
  [/^Must be a UUID$/, () => ({ key: 'validation.invalid' })],
];

const CODE_KEYS: Record<string, string> = {
  required_for_role: 'validation.departmentRequired',
  duplicate: 'validation.taken',
  taken: 'validation.taken',
  unique: 'validation.taken',
  already_exists: 'validation.taken',
  conflict: 'validation.taken',
  inactive_department: 'validation.inactiveDepartment',
};

/**
 * The translation for a field error, or null when only the server's own message fits
 * (then the message is shown as sent).
 */
export function fieldErrorMessageKey(error: FieldError): MessageKey | null {
  const byCode = CODE_KEYS[error.code];
  if (byCode) {
    return { key: byCode };
  }
  for (const [pattern, toKey] of MESSAGE_PATTERNS) {
    const match = error.message.match(pattern);
    if (match) {
      return toKey(match);
    }
  }
  return null;
}
