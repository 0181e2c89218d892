import { ConfigError, loadConfig } from './app-config';

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
    const config = loadConfig({ DATABASE_URL: 'postgres://app:pw@db/zibo', JWT_SECRET: 'x'.repeat(32) });
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

  it('requires a JWT secret in production with an external database', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://app:pw@db/zibo' })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://app:pw@db/zibo', JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
  });

  it('treats empty values as unset and splits CORS origins', () => {
    const config = loadConfig({ PORT: '', CORS_ORIGINS: 'https://a.example, https://b.example' });
    expect(config.port).toBe(3000);
    expect(config.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
  });
});
