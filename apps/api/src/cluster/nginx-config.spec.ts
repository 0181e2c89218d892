import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NGINX_TEMP_DIRS, nginxConfig } from './nginx-config';

const NGINX = '/usr/sbin/nginx';

describe('The load balancer configuration of npm run cluster', () => {
  const runDir = '/run/zibo-cluster-x';
  const config = nginxConfig({
    runDir,
    listen: { host: '127.0.0.1', port: 8080 },
    upstreams: [
      { host: '127.0.0.1', port: 4001 },
      { host: '127.0.0.1', port: 4002 },
    ],
    workerUser: null,
    maxFails: 2,
    failTimeoutSeconds: 5,
  });

  it('balances over every api process with passive health checks', () => {
    expect(config).toContain('server 127.0.0.1:4001 max_fails=2 fail_timeout=5s;');
    expect(config).toContain('server 127.0.0.1:4002 max_fails=2 fail_timeout=5s;');
    expect(config).toContain('listen 127.0.0.1:8080;');
  });

  it('retries another process on connection errors, but passes the api’s own 503 through', () => {
    const retry = /proxy_next_upstream ([^;]+);/.exec(config)?.[1];
    expect(retry).toBe('error timeout');
    expect(config).not.toMatch(/non_idempotent|http_503/);
  });

  it('tells the api the client’s address, replacing whatever the client claimed', () => {
    expect(config).toContain('proxy_set_header X-Forwarded-For $remote_addr;');
    expect(config).not.toContain('$proxy_add_x_forwarded_for');
  });

  it('writes its pid, logs and temporary files into the run folder only', () => {
    const paths = [...config.matchAll(/(?:pid|error_log|access_log|_temp_path) (\S+)/g)].map((m) => m[1]);
    expect(paths.length).toBe(3 + NGINX_TEMP_DIRS.length);
    expect(paths.every((path) => path?.startsWith(`${runDir}/`))).toBe(true);
  });

  it('names a worker user only when the master runs as root', () => {
    expect(config).not.toMatch(/^user /m);
    const asRoot = nginxConfig({
      runDir,
      listen: { host: '0.0.0.0', port: 80 },
      upstreams: [{ host: '127.0.0.1', port: 4001 }],
      workerUser: { user: 'nobody', group: 'nogroup' },
      maxFails: 2,
      failTimeoutSeconds: 5,
    });
    expect(asRoot).toMatch(/^user nobody nogroup;$/m);
  });

  (existsSync(NGINX) ? it : it.skip)('is accepted by nginx itself (nginx -t)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zibo-nginx-'));
    try {
      for (const temp of NGINX_TEMP_DIRS) mkdirSync(join(dir, 'temp', temp), { recursive: true });
      const file = join(dir, 'nginx.conf');
      writeFileSync(
        file,
        nginxConfig({
          runDir: dir,
          listen: { host: '127.0.0.1', port: 8080 },
          upstreams: [{ host: '127.0.0.1', port: 4001 }],
          workerUser: null,
          maxFails: 2,
          failTimeoutSeconds: 5,
        }),
      );
      const result = spawnSync(NGINX, ['-t', '-p', dir, '-c', file, '-e', join(dir, 'error.log')], {
        encoding: 'utf8',
      });
      expect(result.stderr).toContain('syntax is ok');
      expect(result.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
