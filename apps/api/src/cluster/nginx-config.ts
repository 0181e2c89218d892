export interface Address {
  host: string;
  port: number;
}

export interface NginxConfigInput {
  /** Folder for nginx's pid file, logs and temporary files (nothing outside it is written). */
  runDir: string;
  listen: Address;
  upstreams: Address[];
  /** Worker user and group when the master runs as root (nginx refuses nothing, but should not work as root). */
  workerUser: { user: string; group: string } | null;
  /** Passive health check: this many failures within `failTimeoutSeconds` take a process out for that long. */
  maxFails: number;
  failTimeoutSeconds: number;
}

/** The temporary folders nginx needs (their parent must be writable by its worker user). */
export const NGINX_TEMP_DIRS = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'] as const;

/**
 * nginx as the load balancer of N stateless api processes (npm run cluster): round robin with
 * passive health checks, another process for a request whose process is down (idempotent requests
 * always; others only when they never reached it, nginx's default), the client's address in
 * X-Forwarded-For (set, not appended: a client cannot forge it) for the api's per-address limits,
 * and streaming answers passed through with backpressure (exports).
 */
export function nginxConfig(input: NginxConfigInput): string {
  const { runDir } = input;
  const servers = input.upstreams
    .map((u) => `    server ${u.host}:${u.port} max_fails=${input.maxFails} fail_timeout=${input.failTimeoutSeconds}s;`)
    .join('\n');
  const temp = NGINX_TEMP_DIRS.map((dir) => `  ${dir}_temp_path ${runDir}/temp/${dir};`).join('\n');
  return `# Written by npm run cluster; removed when it stops.
daemon off;
master_process on;
worker_processes 1;
pid ${runDir}/nginx.pid;
error_log ${runDir}/error.log warn;
${input.workerUser ? `user ${input.workerUser.user} ${input.workerUser.group};\n` : ''}
events {
  worker_connections 1024;
}

http {
  log_format upstream '$remote_addr [$time_iso8601] "$request" $status upstream=$upstream_addr '
                      'upstream_status=$upstream_status $request_time';
  access_log ${runDir}/access.log upstream;
${temp}
  server_tokens off;
  default_type application/octet-stream;
  # Evidence files are at most 10 MB each, sent one per request as multipart.
  client_max_body_size 12m;

  upstream zibo_api {
${servers}
    keepalive 16;
    # Below Node's 5 s keep-alive: nginx never reuses a connection the api is about to close.
    keepalive_timeout 4s;
  }

  server {
    listen ${input.listen.host}:${input.listen.port};

    location / {
      proxy_pass http://zibo_api;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_connect_timeout 2s;
      proxy_send_timeout 300s;
      proxy_read_timeout 300s;
      # Not on 503: an api answering 503 (database unavailable) is alive; its problem+json and
      # Retry-After must reach the client, not "no live upstreams".
      proxy_next_upstream error timeout;
      proxy_next_upstream_tries 3;
      proxy_next_upstream_timeout 10s;
      # Exports stream: hold at most the memory buffers, never spool a whole file to disk.
      proxy_max_temp_file_size 0;
    }
  }
}
`;
}
