import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ROLES, type Role, parseWebhookHosts } from '@zibo/domain';

/**
 * Every environment variable the api reads, validated once at start-up.
 * `process.env` is read here and nowhere else.
 */
const booleanText = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'Must be true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const timeZone = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'Must be an IANA time zone such as Asia/Shanghai' },
);

const signingKeyPem = z
  .string()
  .refine((v) => v.includes('BEGIN PRIVATE KEY'), { message: 'Must be an Ed25519 private key in PKCS#8 PEM' });

const postgresUrl = z.string().regex(/^postgres(ql)?:\/\//, 'Must be a postgres:// or postgresql:// URL');

const smtpUrl = z
  .string()
  .regex(/^smtps?:\/\/[^/?#]+/, 'Must be an smtp:// or smtps:// URL such as smtp://user:pass@mail.example:587');

// A bare address or `Name <address>`: nodemailer puts it in the From header as given.
const mailFrom = z
  .string()
  .regex(/^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, 'Must be an e-mail address or Name <address>');

// The zone's identity provider: https, or http only on this machine (tests, local trials).
const oidcUrl = z
  .string()
  .url('Must be an absolute URL')
  .refine((value) => {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.includes(url.hostname));
  }, 'Must be https:// (http:// only for localhost or 127.0.0.1)');
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

const claimName = z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'Must be a claim name such as department or groups');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_OWNER_URL: postgresUrl.optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  EMBEDDED_DB_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  DEMO_DATA: booleanText.optional(),
  JWT_SECRET: z.string().min(32, 'Must be at least 32 characters').optional(),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24)
    .default(12),
  MFA_REQUIRED_ROLES: z.string().optional(),
  PASSWORD_MAX_AGE_DAYS: z.coerce.number().int().min(0).max(3650).default(0),
  COOKIE_SECURE: booleanText.default(true),
  BUSINESS_TZ: timeZone.default('Asia/Shanghai'),
  REPORT_DUE_DAY: z.coerce.number().int().min(1).max(28).default(5),
  ACCEPT_WORKING_DAYS: z.coerce.number().int().min(1).max(30).default(3),
  CORS_ORIGINS: z.string().default(''),
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(300),
  TRUST_PROXY: booleanText.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEB_DIR: z.string().optional(),
  // setInterval takes at most 2^31 − 1 ms (~24 days); reminders look 3 days ahead, so a day is plenty.
  REMINDER_INTERVAL_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .optional(),
  SMTP_URL: smtpUrl.optional(),
  AUDIT_SIGNING_KEY: signingKeyPem.optional(),
  AUDIT_SIGNING_KEY_FILE: z.string().min(1).optional(),
  CHECKPOINT_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(60).default(5),
  SMTP_FROM: mailFrom.default('zibo-supervision@localhost'),
  // Host names (or addresses) group robots may be aimed at; empty → the two services' official hosts.
  WEBHOOK_HOSTS: z
    .string()
    .regex(
      /^[A-Za-z0-9.:[\]_-]+(\s*,\s*[A-Za-z0-9.:[\]_-]+)*$/,
      'Comma-separated host names such as qyapi.weixin.qq.com',
    )
    .optional(),
  CHANNEL_DELIVERY_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 3600)
    .optional(),
  OIDC_ISSUER: oidcUrl.optional(),
  OIDC_CLIENT_ID: z.string().min(1).max(200).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).max(500).optional(),
  OIDC_REDIRECT_URI: oidcUrl.optional(),
  OIDC_SCOPES: z
    .string()
    .regex(/^[\x21-\x7e]+( [\x21-\x7e]+)*$/, 'Space-separated scopes')
    .default('openid profile'),
  OIDC_CLAIM: claimName.default('department'),
  OIDC_USERNAME_CLAIM: claimName.default('preferred_username'),
  OIDC_POST_LOGIN_URL: z
    .string()
    .regex(/^(\/|https?:\/\/)/, 'Must be a path such as / or an absolute URL')
    .default('/'),
});

/** Single sign-on with the zone's identity provider (OpenID Connect, authorization code + PKCE). */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  /** Absent → a public client (PKCE only, no client authentication). */
  clientSecret: string | undefined;
  redirectUri: string;
  scopes: string;
  /** The claim mapped to a role and department through the security administrator's table. */
  claim: string;
  /** The claim that names a provisioned account (falls back to the subject). */
  usernameClaim: string;
  /** Where the browser goes after the callback: the web app (which then refreshes into a session). */
  postLoginUrl: string;
  /** http:// issuer on loopback: allowed for tests and local trials only. */
  allowInsecure: boolean;
}

export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Runtime connection; absent → embedded PostgreSQL in `dataDir`. */
  databaseUrl: string | undefined;
  /** Migration (schema owner) connection; defaults to `databaseUrl`. */
  databaseOwnerUrl: string | undefined;
  dataDir: string;
  embeddedDbPort: number;
  demoData: boolean;
  jwtSecret: string | undefined;
  /** A session ends after this many minutes without a request the user started. */
  sessionIdleMinutes: number;
  /** …and this many hours after sign-in, whatever the activity. */
  sessionAbsoluteHours: number;
  /** Roles whose users must have a second factor (TOTP) to sign in. */
  mfaRequiredRoles: readonly Role[];
  /** A password older than this must be changed at sign-in; 0 = no maximum age. */
  passwordMaxAgeDays: number;
  /** The refresh cookie's `Secure` attribute; false only for plain-HTTP development. */
  cookieSecure: boolean;
  businessTimeZone: string;
  reportDueDay: number;
  /** The lead department accepts (签收) a task within this many working days, or is urged automatically. */
  acceptWorkingDays: number;
  corsOrigins: string[];
  loginRatePerMinute: number;
  trustProxy: boolean;
  logLevel: string;
  webDir: string | undefined;
  /** Minutes between reminder runs; 0 = no scheduled runs (the default under NODE_ENV=test). */
  reminderIntervalMinutes: number;
  /** Outgoing mail server; absent → notifications stay in-app only. */
  smtpUrl: string | undefined;
  /**
   * Ed25519 private key (PKCS#8 PEM) signing audit checkpoints, from AUDIT_SIGNING_KEY or the file
   * AUDIT_SIGNING_KEY_FILE names; absent → generated into DATA_DIR/audit-signing-key.pem when embedded.
   */
  auditSigningKey: string | undefined;
  checkpointIntervalMinutes: number;
  smtpFrom: string;
  /** Off (undefined) unless OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_REDIRECT_URI are all set. */
  oidc: OidcConfig | undefined;
  /** Group robots (企业微信 / 钉钉): where they may be aimed and how often their outbox is sent. */
  webhooks: {
    /** WEBHOOK_HOSTS: the allow-list of hosts; an internal address only when named here. */
    allowedHosts: string[];
    /** http:// targets: only under NODE_ENV=test (a local receiver); https everywhere else. */
    allowInsecure: boolean;
    /** Seconds between outbox runs; 0 = no scheduled runs (the default under NODE_ENV=test). */
    deliverySeconds: number;
  };
}

export class ConfigError extends Error {}

/** Parses the environment; throws one ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // Empty strings mean "not set" (docker-compose passes `VAR=` for unset values).
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = result.data;
  if (e.DATABASE_OWNER_URL && !e.DATABASE_URL) {
    throw new ConfigError('Invalid configuration:\n  DATABASE_OWNER_URL: set DATABASE_URL too (the runtime role)');
  }
  if (e.AUDIT_SIGNING_KEY && e.AUDIT_SIGNING_KEY_FILE) {
    throw new ConfigError('Invalid configuration:\n  AUDIT_SIGNING_KEY_FILE: set it or AUDIT_SIGNING_KEY, not both');
  }
  const auditSigningKey = e.AUDIT_SIGNING_KEY_FILE
    ? signingKeyFromFile(e.AUDIT_SIGNING_KEY_FILE)
    : // Literal \n in an environment variable stands for a newline (one-line PEM in .env files).
      e.AUDIT_SIGNING_KEY?.replace(/\\n/g, '\n');
  if (e.DATABASE_URL && !auditSigningKey && e.NODE_ENV === 'production') {
    throw new ConfigError(
      'Invalid configuration:\n  AUDIT_SIGNING_KEY_FILE or AUDIT_SIGNING_KEY: required with DATABASE_URL (Ed25519 PKCS#8 PEM, e.g. `openssl genpkey -algorithm ed25519 -out audit-signing-key.pem`)',
    );
  }
  if (e.DATABASE_URL && !e.JWT_SECRET && e.NODE_ENV === 'production') {
    throw new ConfigError(
      'Invalid configuration:\n  JWT_SECRET: required with DATABASE_URL (at least 32 random characters, e.g. `openssl rand -hex 32`)',
    );
  }
  const mfaRequiredRoles = parseMfaRequiredRoles(e.MFA_REQUIRED_ROLES);
  const oidcParts = {
    OIDC_ISSUER: e.OIDC_ISSUER,
    OIDC_CLIENT_ID: e.OIDC_CLIENT_ID,
    OIDC_REDIRECT_URI: e.OIDC_REDIRECT_URI,
  };
  const missing = Object.entries(oidcParts).filter(([, value]) => !value);
  if (missing.length > 0 && missing.length < 3) {
    throw new ConfigError(
      `Invalid configuration:\n  ${missing.map(([name]) => name).join(', ')}: single sign-on needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_REDIRECT_URI together`,
    );
  }
  const oidc: OidcConfig | undefined =
    e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_REDIRECT_URI
      ? {
          issuer: e.OIDC_ISSUER,
          clientId: e.OIDC_CLIENT_ID,
          clientSecret: e.OIDC_CLIENT_SECRET,
          redirectUri: e.OIDC_REDIRECT_URI,
          scopes: e.OIDC_SCOPES.split(' ').includes('openid') ? e.OIDC_SCOPES : `openid ${e.OIDC_SCOPES}`,
          claim: e.OIDC_CLAIM,
          usernameClaim: e.OIDC_USERNAME_CLAIM,
          postLoginUrl: e.OIDC_POST_LOGIN_URL,
          allowInsecure: new URL(e.OIDC_ISSUER).protocol === 'http:',
        }
      : undefined;
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databaseOwnerUrl: e.DATABASE_OWNER_URL ?? e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    embeddedDbPort: e.EMBEDDED_DB_PORT,
    // Demo data by default only for the embedded database: never seed a real one unasked.
    demoData: e.DEMO_DATA ?? !e.DATABASE_URL,
    jwtSecret: e.JWT_SECRET,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.SESSION_ABSOLUTE_HOURS,
    mfaRequiredRoles,
    passwordMaxAgeDays: e.PASSWORD_MAX_AGE_DAYS,
    cookieSecure: e.COOKIE_SECURE,
    businessTimeZone: e.BUSINESS_TZ,
    reportDueDay: e.REPORT_DUE_DAY,
    acceptWorkingDays: e.ACCEPT_WORKING_DAYS,
    corsOrigins: e.CORS_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    loginRatePerMinute: e.LOGIN_RATE_PER_MINUTE,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    webDir: e.WEB_DIR,
    // Tests call the reminder job directly: a timer of its own would race with their assertions.
    reminderIntervalMinutes: e.REMINDER_INTERVAL_MINUTES ?? (e.NODE_ENV === 'test' ? 0 : 60),
    smtpUrl: e.SMTP_URL,
    auditSigningKey,
    checkpointIntervalMinutes: e.CHECKPOINT_INTERVAL_MINUTES,
    smtpFrom: e.SMTP_FROM,
    oidc,
    webhooks: {
      allowedHosts: parseWebhookHosts(e.WEBHOOK_HOSTS),
      allowInsecure: e.NODE_ENV === 'test',
      // Tests send the outbox directly, like the reminder job.
      deliverySeconds: e.CHANNEL_DELIVERY_SECONDS ?? (e.NODE_ENV === 'test' ? 0 : 15),
    },
  };
}

// The three administrators of 三员分立 and the committee: the accounts whose misuse costs most.
const DEFAULT_MFA_REQUIRED_ROLES: readonly Role[] = ['admin', 'security_admin', 'committee', 'auditor'];

/**
 * MFA_REQUIRED_ROLES: comma-separated role names, or `none`; unset (or empty, like every variable)
 * means the default. An unknown name stops the start.
 */
function parseMfaRequiredRoles(value: string | undefined): Role[] {
  const isRole = (name: string): name is Role => (ROLES as readonly string[]).includes(name);
  if (value === undefined) return [...DEFAULT_MFA_REQUIRED_ROLES];
  if (value.trim() === 'none') return [];
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !isRole(name));
  if (unknown.length) {
    throw new ConfigError(
      `Invalid configuration:\n  MFA_REQUIRED_ROLES: unknown role ${unknown.join(', ')} (roles: ${ROLES.join(', ')})`,
    );
  }
  return names.filter(isRole);
}

/** The signing key from the file AUDIT_SIGNING_KEY_FILE names (kept apart from passwords, mode 0600). */
function signingKeyFromFile(path: string): string {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `Invalid configuration:\n  AUDIT_SIGNING_KEY_FILE: cannot read ${path} (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (!signingKeyPem.safeParse(pem).success) {
    throw new ConfigError(
      `Invalid configuration:\n  AUDIT_SIGNING_KEY_FILE: ${path} is not an Ed25519 private key in PKCS#8 PEM`,
    );
  }
  return pem;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
