import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export interface ProviderAccount {
  sub: string;
  username: string;
  password: string;
  /** The one-time code that proves a second factor at the provider (amr gets otp, mfa). */
  otp?: string;
  claims: Record<string, unknown>;
}

export type TamperMode = 'signature' | 'nonce' | 'audience' | 'expired';

/** A real `oidc-provider` on loopback, in a child process (see oidc/local-provider.mjs). */
export class LocalOidcProvider {
  private constructor(
    private readonly child: ChildProcess,
    readonly issuer: string,
  ) {}

  static start(options: { clientId: string; redirectUris: string[]; accounts: ProviderAccount[]; port?: number }) {
    const child = spawn(process.execPath, [join(__dirname, 'oidc', 'local-provider.mjs')], {
      env: {
        ...process.env,
        OIDC_TEST_PORT: String(options.port ?? 0),
        OIDC_TEST_CLIENT_ID: options.clientId,
        OIDC_TEST_REDIRECT_URIS: options.redirectUris.join(','),
        OIDC_TEST_ACCOUNTS: JSON.stringify(options.accounts),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new Promise<LocalOidcProvider>((resolve, reject) => {
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const ready = /READY (\S+)/.exec(output);
        if (ready?.[1]) resolve(new LocalOidcProvider(child, ready[1]));
      });
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('exit', (code) => reject(new Error(`the test provider ended (${code}): ${output}`)));
    });
  }

  /** The next ID token from the token endpoint comes back altered this way. */
  async tamperNextIdToken(mode: TamperMode): Promise<void> {
    await fetch(`${this.issuer}/__test/tamper?mode=${mode}`, { method: 'POST' });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
  }
}

/** A minimal cookie jar for one browser: name → value per origin (paths ignored; names do not clash here). */
export class CookieJar {
  private readonly cookies = new Map<string, Map<string, string>>();

  store(url: string, response: Response): void {
    const origin = new URL(url).origin;
    const jar = this.cookies.get(origin) ?? new Map<string, string>();
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair?.indexOf('=') ?? -1;
      if (!pair || index < 0) continue;
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = /max-age=0|expires=thu, 01 jan 1970/i.test(line);
      if (expired || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    this.cookies.set(origin, jar);
  }

  header(url: string): string {
    const jar = this.cookies.get(new URL(url).origin);
    return jar ? [...jar].map(([name, value]) => `${name}=${value}`).join('; ') : '';
  }

  get(url: string, name: string): string | undefined {
    return this.cookies.get(new URL(url).origin)?.get(name);
  }

  set(url: string, name: string, value: string): void {
    const origin = new URL(url).origin;
    const jar = this.cookies.get(origin) ?? new Map<string, string>();
    jar.set(name, value);
    this.cookies.set(origin, jar);
  }
}

/** One request as a browser makes it: its cookies, no redirect followed. */
export async function browse(
  jar: CookieJar,
  url: string,
  init: { method?: string; form?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = {};
  const cookie = jar.header(url);
  if (cookie) headers['cookie'] = cookie;
  let body: string | undefined;
  if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  }
  const response = await fetch(url, { method: init.method ?? 'GET', headers, body, redirect: 'manual' });
  jar.store(url, response);
  return response;
}

/**
 * At the provider, from the authorization URL to the redirect back: its login page (username,
 * password, optional one-time code) and its consent page, as a browser would. Returns the URL the
 * provider redirects to (the relying party's callback with code and state).
 */
export async function signInAtProvider(
  jar: CookieJar,
  authorizationUrl: string,
  login: { username: string; password: string; otp?: string },
  callbackPrefix: string,
): Promise<string> {
  let url = authorizationUrl;
  for (let hop = 0; hop < 12; hop++) {
    if (url.startsWith(callbackPrefix)) return url;
    const response = await browse(jar, url);
    if (response.status >= 300 && response.status < 400) {
      url = new URL(response.headers.get('location') ?? '', url).href;
      continue;
    }
    const html = await response.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    if (response.status !== 200 || !action) throw new Error(`provider page ${url}: ${response.status} ${html}`);
    const target = new URL(action, url).href;
    const form: Record<string, string> = action.endsWith('/login')
      ? { username: login.username, password: login.password, otp: login.otp ?? '' }
      : {};
    const posted = await browse(jar, target, { method: 'POST', form });
    if (posted.status < 300 || posted.status >= 400) {
      throw new Error(`provider ${target}: ${posted.status} ${await posted.text()}`);
    }
    url = new URL(posted.headers.get('location') ?? '', target).href;
  }
  throw new Error('too many redirects at the provider');
}
