/** Text limits of docs/rules.md; over → 400 with the field named. */
export const TEXT_LIMITS = {
  title: 200,
  name: 100,
  longText: 5000,
  username: 64,
  code: 32,
} as const;

/** ASVS 5.0 V6.2: at least 12 characters, no composition rules. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;
