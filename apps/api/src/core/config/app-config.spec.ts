import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config';

const KEY = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('Configuration', () => {
  it('defaults to the embedded database with demo data on port 3000, business time in Shanghai', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      demoData: true,
      dataDir: './data',
      businessTimeZone: 'Asia/Shanghai',
      reportDueDay: 5,
      corsOrigins: [],
    });
  });

  it('turns demo data off by default for an external database, and uses DATABASE_URL for migrations when no owner URL is given', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://app:pw@db/zibo',
      JWT_SECRET: 'x'.repeat(32),
      AUDIT_SIGNING_KEY: KEY,
    });
    expect(config.demoData).toBe(false);
    expect(config.databaseOwnerUrl).toBe('postgres://app:pw@db/zibo');
  });

  it('names every bad variable in one error', () => {
    let message = '';
    try {
      loadConfig({ PORT: 'eighty', BUSINESS_TZ: 'Mars/Olympus', DEMO_DATA: 'maybe', DATABASE_URL: 'mysql://x' });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    for (const name of ['PORT', 'BUSINESS_TZ', 'DEMO_DATA', 'DATABASE_URL']) expect(message).toContain(name);
  });

  it('requires a JWT secret and an audit signing key in production with an external database', () => {
    const url = 'postgres://app:pw@db/zibo';
    expect(() => loadConfig({ DATABASE_URL: url, AUDIT_SIGNING_KEY: KEY })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ DATABASE_URL: url, AUDIT_SIGNING_KEY: KEY, JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ DATABASE_URL: url, JWT_SECRET: 'x'.repeat(32) })).toThrow(/AUDIT_SIGNING_KEY/);
  });

  describe('sessions and second factors', () => {
    it('defaults to 30 minutes idle, 12 hours absolute, Secure cookies, no password maximum age', () => {
      expect(loadConfig({})).toMatchObject({
        sessionIdleMinutes: 30,
        sessionAbsoluteHours: 12,
        cookieSecure: true,
        passwordMaxAgeDays: 0,
      });
    });

    it('requires a second factor of the administrators, the committee and the auditors by default', () => {
      expect(loadConfig({}).mfaRequiredRoles).toEqual(expect.arrayContaining(['admin', 'committee', 'auditor']));
      expect(loadConfig({}).mfaRequiredRoles).not.toContain('dept_head');
    });

    it('takes MFA_REQUIRED_ROLES as a comma-separated list or none, and refuses an unknown role', () => {
      expect(loadConfig({ MFA_REQUIRED_ROLES: ' dept_head , admin' }).mfaRequiredRoles).toEqual(['dept_head', 'admin']);
      expect(loadConfig({ MFA_REQUIRED_ROLES: 'none' }).mfaRequiredRoles).toEqual([]);
      // Empty is unset, as for every variable (docker compose passes VAR= for unset values).
      expect(loadConfig({ MFA_REQUIRED_ROLES: '' }).mfaRequiredRoles).toContain('admin');
      expect(() => loadConfig({ MFA_REQUIRED_ROLES: 'admin,root' })).toThrow(/MFA_REQUIRED_ROLES: unknown role root/);
    });

    it('refuses session limits out of range, and COOKIE_SECURE other than true/false', () => {
      expect(() => loadConfig({ SESSION_IDLE_MINUTES: '0' })).toThrow(/SESSION_IDLE_MINUTES/);
      expect(() => loadConfig({ SESSION_ABSOLUTE_HOURS: '1000' })).toThrow(/SESSION_ABSOLUTE_HOURS/);
      expect(() => loadConfig({ COOKIE_SECURE: 'sometimes' })).toThrow(/COOKIE_SECURE/);
      expect(loadConfig({ COOKIE_SECURE: 'false' }).cookieSecure).toBe(false);
    });
  });

  it('reads a one-line PEM signing key with literal \\n', () => {
    const config = loadConfig({ AUDIT_SIGNING_KEY: KEY.replace(/\n/g, '\\n') });
    expect(config.auditSigningKey).toBe(KEY);
  });

  describe('AUDIT_SIGNING_KEY_FILE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zibo-config-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('reads the signing key from its own file, which satisfies the production requirement', () => {
      const file = join(dir, 'audit-signing-key.pem');
      writeFileSync(file, KEY, { mode: 0o600 });
      const config = loadConfig({
        DATABASE_URL: 'postgres://app:pw@db/zibo',
        JWT_SECRET: 'x'.repeat(32),
        AUDIT_SIGNING_KEY_FILE: file,
      });
      expect(config.auditSigningKey).toBe(KEY);
    });

    it('refuses a file that cannot be read or holds no private key, and both ways at once', () => {
      expect(() => loadConfig({ AUDIT_SIGNING_KEY_FILE: join(dir, 'missing.pem') })).toThrow(
        /AUDIT_SIGNING_KEY_FILE: cannot read/,
      );
      const notAKey = join(dir, 'public.pem');
      writeFileSync(notAKey, '-----BEGIN PUBLIC KEY-----\n');
      expect(() => loadConfig({ AUDIT_SIGNING_KEY_FILE: notAKey })).toThrow(
        /AUDIT_SIGNING_KEY_FILE: .* is not an Ed25519 private key/,
      );
      expect(() => loadConfig({ AUDIT_SIGNING_KEY_FILE: notAKey, AUDIT_SIGNING_KEY: KEY })).toThrow(/not both/);
    });
  });

  describe('group robots (WEBHOOK_HOSTS)', () => {
    it('allows only the two official hosts, over https, sent every 15 s by default', () => {
      expect(loadConfig({}).webhooks).toEqual({
        allowedHosts: ['qyapi.weixin.qq.com', 'oapi.dingtalk.com'],
        allowInsecure: false,
        deliverySeconds: 15,
      });
    });

    it('takes a list of hosts; http and no timer only under NODE_ENV=test', () => {
      const config = loadConfig({ NODE_ENV: 'test', WEBHOOK_HOSTS: 'qyapi.weixin.qq.com, 127.0.0.1' });
      expect(config.webhooks).toEqual({
        allowedHosts: ['qyapi.weixin.qq.com', '127.0.0.1'],
        allowInsecure: true,
        deliverySeconds: 0,
      });
      expect(loadConfig({ CHANNEL_DELIVERY_SECONDS: '0' }).webhooks.deliverySeconds).toBe(0);
    });

    it('refuses a list that is not host names', () => {
      expect(() => loadConfig({ WEBHOOK_HOSTS: 'https://qyapi.weixin.qq.com/x' })).toThrow(/WEBHOOK_HOSTS/);
      expect(() => loadConfig({ WEBHOOK_HOSTS: 'a b' })).toThrow(/WEBHOOK_HOSTS/);
    });
  });

  it('treats empty values as unset and splits CORS origins', () => {
    const config = loadConfig({ PORT: '', CORS_ORIGINS: 'https://a.example, https://b.example' });
    expect(config.port).toBe(3000);
    expect(config.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
  });

  describe('single sign-on', () => {
    const oidc = {
      OIDC_ISSUER: 'https://idp.example.gov.cn/realms/zone',
      OIDC_CLIENT_ID: 'zibo',
      OIDC_REDIRECT_URI: 'https://duban.example.gov.cn/api/auth/oidc/callback',
    };

    it('is off by default and on with issuer, client and redirect URI, asking for openid always', () => {
      expect(loadConfig({}).oidc).toBeUndefined();
      expect(loadConfig({ ...oidc, OIDC_SCOPES: 'profile groups' }).oidc).toMatchObject({
        issuer: oidc.OIDC_ISSUER,
        clientSecret: undefined,
        scopes: 'openid profile groups',
        claim: 'department',
        allowInsecure: false,
      });
    });

    it('refuses half a configuration, a plain-http issuer off this machine and a malformed claim name', () => {
      expect(() => loadConfig({ OIDC_ISSUER: oidc.OIDC_ISSUER })).toThrow(/OIDC_CLIENT_ID, OIDC_REDIRECT_URI/);
      expect(() => loadConfig({ ...oidc, OIDC_ISSUER: 'http://idp.example.gov.cn' })).toThrow(/OIDC_ISSUER/);
      expect(loadConfig({ ...oidc, OIDC_ISSUER: 'http://127.0.0.1:4000' }).oidc?.allowInsecure).toBe(true);
      expect(() => loadConfig({ ...oidc, OIDC_CLAIM: 'groups; drop' })).toThrow(ConfigError);
    });
  });
});
