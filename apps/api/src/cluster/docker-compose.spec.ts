import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

// There is no Docker engine where the tests run: the compose file is checked by a linter instead
// (dclint validates it against the Compose specification's schema, then its own rules).
const ROOT = resolve(__dirname, '../../../..');
const COMPOSE = join(ROOT, 'docker-compose.yml');
const DCLINT = require.resolve('dclint/bin/dclint.cjs');
// The YAML parser dclint itself reads compose files with.
const YAML = require(require.resolve('yaml', { paths: [dirname(require.resolve('dclint'))] })) as {
  parse(text: string, options: { merge: boolean }): unknown;
};

function lint(file: string): { code: number | null; output: string } {
  const result = spawnSync(process.execPath, [DCLINT, file, '--color=false'], { encoding: 'utf8' });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

interface Service {
  build?: string;
  image?: string;
  command?: string[];
  entrypoint?: string[];
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
  volumes?: string[];
  deploy?: { replicas?: string | number };
}

describe('docker-compose.yml', () => {
  const compose = YAML.parse(readFileSync(COMPOSE, 'utf8'), { merge: true }) as { services: Record<string, Service> };
  const { services } = compose;

  it('passes the compose linter (schema and rules)', () => {
    const { code, output } = lint(COMPOSE);
    expect(output.trim()).toBe('');
    expect(code).toBe(0);
  });

  it('is refused by the same check when it is not a valid compose file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zibo-compose-'));
    try {
      const broken = join(dir, 'docker-compose.yml');
      writeFileSync(broken, readFileSync(COMPOSE, 'utf8').replace('condition: service_healthy', 'condition: soon'));
      const { code, output } = lint(broken);
      expect(code).not.toBe(0);
      expect(output).toContain('invalid-schema');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs api replicas that start after a one-shot migration job and connect as the runtime role only', () => {
    const { api, migrate } = services;
    expect(Number(String(api?.deploy?.replicas).replace(/^\$\{API_REPLICAS:-(\d+)\}$/, '$1'))).toBeGreaterThan(1);
    expect(migrate?.command).toEqual(['node', 'api/cli.js', 'migrate']);
    expect(migrate?.environment?.['DATABASE_OWNER_URL']).toContain('zibo_owner');
    expect(api?.depends_on?.['migrate']?.condition).toBe('service_completed_successfully');
    expect(api?.environment?.['DATABASE_URL']).toContain('zibo_app');
    expect(api?.environment).not.toHaveProperty('DATABASE_OWNER_URL');
    expect(api?.environment?.['TRUST_PROXY']).toBe('true');
  });

  it('puts nginx in front with its config from docker/, and backs the database up on a schedule', () => {
    const { lb, backup } = services;
    expect(lb?.image).toMatch(/^nginx:/);
    expect(lb?.volumes).toContain('./docker/nginx.conf:/etc/nginx/nginx.conf:ro');
    expect(readFileSync(join(ROOT, 'docker/nginx.conf'), 'utf8')).toContain('server api:3000 resolve');
    expect(backup?.entrypoint).toEqual(['/bin/sh', '/usr/local/bin/zibo-backup.sh']);
    expect(backup?.volumes).toEqual(expect.arrayContaining(['backups:/backups']));
    for (const script of ['docker/backup.sh', 'docker/restore.sh', 'docker/postgres-init.sh']) {
      // POSIX shell syntax of the scripts the containers run.
      expect(spawnSync('sh', ['-n', join(ROOT, script)]).status).toBe(0);
    }
  });
});
