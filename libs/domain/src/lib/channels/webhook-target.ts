/**
 * Where a department's group robot may be aimed (企业微信 / 钉钉 webhooks): only hosts on the
 * allow-list (WEBHOOK_HOSTS), https only (http only where the api allows it, in tests), and never at
 * an internal address unless the list names that very address. The server checks the URL when the
 * administrator saves it and the resolved addresses again before every delivery (DNS can change).
 */

/** The two services' official robot hosts: the default of WEBHOOK_HOSTS. */
export const DEFAULT_WEBHOOK_HOSTS: readonly string[] = ['qyapi.weixin.qq.com', 'oapi.dingtalk.com'];

export const WEBHOOK_URL_MAX_LENGTH = 1000;

export type WebhookUrlProblem = 'not_url' | 'not_https' | 'host_not_allowed' | 'credentials_in_url' | 'too_long';

/** WEBHOOK_HOSTS: comma-separated host names or IP addresses, lowercased; empty → the default hosts. */
export function parseWebhookHosts(text: string | undefined): string[] {
  const hosts = (text ?? '')
    .split(',')
    .map((host) => normaliseHost(host.trim()))
    .filter(Boolean);
  return hosts.length ? [...new Set(hosts)] : [...DEFAULT_WEBHOOK_HOSTS];
}

/** Lowercase, without the brackets of an IPv6 literal and without a trailing dot. */
export function normaliseHost(host: string): string {
  return host
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
}

/** Why a webhook URL may not be saved, or null when it may. */
export function webhookUrlProblem(
  text: string,
  options: { allowedHosts: readonly string[]; allowInsecure: boolean },
): WebhookUrlProblem | null {
  if (text.length > WEBHOOK_URL_MAX_LENGTH) return 'too_long';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'not_url';
  }
  if (url.protocol !== 'https:' && !(options.allowInsecure && url.protocol === 'http:')) {
    return url.protocol === 'http:' ? 'not_https' : 'not_url';
  }
  if (url.username || url.password) return 'credentials_in_url';
  if (!options.allowedHosts.includes(normaliseHost(url.hostname))) return 'host_not_allowed';
  return null;
}

/**
 * Whether a delivery may connect to `address`, one of the addresses `host` resolved to: a public
 * address always (the host itself is on the allow-list), an internal one (loopback, private,
 * link-local…) only when the allow-list names that very address.
 */
export function addressAllowed(address: string, allowedHosts: readonly string[]): boolean {
  const normalised = normaliseHost(address);
  if (!isInternalAddress(normalised)) return true;
  return allowedHosts.includes(normalised);
}

/** Loopback, private, carrier-grade NAT, link-local, unspecified, multicast and reserved addresses (IPv4 and IPv6). */
export function isInternalAddress(address: string): boolean {
  const v4 = parseIPv4(address);
  if (v4) return internalIPv4(v4);
  const v6 = parseIPv6(normaliseHost(address));
  // Not an address at all: treat as internal, so nothing unexpected is ever let through.
  if (!v6) return true;
  const mapped = mappedIPv4(v6);
  if (mapped) return internalIPv4(mapped);
  const [first = 0] = v6;
  if (v6.every((part) => part === 0)) return true; // ::
  if (v6.slice(0, 7).every((part) => part === 0) && v6[7] === 1) return true; // ::1
  if ((first & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
  if ((first & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
  if ((first & 0xffc0) === 0xfec0) return true; // fec0::/10 site-local (deprecated)
  if ((first & 0xff00) === 0xff00) return true; // ff00::/8 multicast
  if (first === 0x2001 && v6[1] === 0x0db8) return true; // documentation
  if (first === 0x0064 && v6[1] === 0xff9b) return true; // NAT64 may reach internal IPv4
  return false;
}

function internalIPv4([a, b]: number[]): boolean {
  if (a === undefined || b === undefined) return true;
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0) ||
    (a === 198 && (b === 18 || b === 19)) ||
    a >= 224
  );
}

function parseIPv4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return null;
  const numbers = parts.map(Number);
  return numbers.every((n) => n <= 255) ? numbers : null;
}

/** Eight 16-bit groups, or null. Accepts `::` shortening and a dotted IPv4 tail. */
function parseIPv6(text: string): number[] | null {
  if (!text.includes(':') || !/^[0-9a-f:.]+$/.test(text)) return null;
  let groups = text;
  const tail = /:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail?.[1]) {
    const v4 = parseIPv4(tail[1]);
    if (!v4) return null;
    const [a = 0, b = 0, c = 0, d = 0] = v4;
    groups = `${text.slice(0, tail.index)}:${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = groups.split('::');
  if (halves.length > 2) return null;
  const parse = (half: string | undefined) => (half ? half.split(':') : []);
  const head = parse(halves[0]);
  const rest = parse(halves[1]);
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  if (!all.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  return all.map((g) => parseInt(g, 16));
}

function mappedIPv4(v6: number[]): number[] | null {
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible)
  if (!v6.slice(0, 5).every((part) => part === 0)) return null;
  if (v6[5] !== 0xffff && v6[5] !== 0) return null;
  if (v6[5] === 0 && v6[6] === 0) return null;
  const high = v6[6] ?? 0;
  const low = v6[7] ?? 0;
  return [high >> 8, high & 0xff, low >> 8, low & 0xff];
}

/**
 * What the administrator sees of a stored URL: its scheme and host, the rest hidden but for its last
 * four characters (enough to tell two robots apart, too little to use).
 */
export function maskWebhookUrl(text: string): string {
  let origin: string;
  try {
    origin = new URL(text).origin;
  } catch {
    return '••••';
  }
  const rest = text.slice(origin.length);
  const visible = rest.length >= 16 ? rest.slice(-4) : '';
  return `${origin}/••••${visible}`;
}
