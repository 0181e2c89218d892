import { lookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { type DeliveryOutcome, addressAllowed, deliveryOutcome, normaliseHost, webhookUrlProblem } from '@zibo/domain';

const TIMEOUT_MS = 10_000;
const MAX_ANSWER_BYTES = 64 * 1024;

export interface WebhookTargetPolicy {
  allowedHosts: readonly string[];
  allowInsecure: boolean;
}

/**
 * Posts one JSON body to a robot's webhook. The URL is checked again against the allow-list, its
 * host resolved here and every address checked (an allowed name pointing at an internal address is
 * refused unless the list names that address), and the connection pinned to the address checked, so
 * DNS cannot swap it in between. No redirects are followed. Errors never name the URL (it holds the key).
 */
export async function postToWebhook(url: string, body: unknown, policy: WebhookTargetPolicy): Promise<DeliveryOutcome> {
  const problem = webhookUrlProblem(url, policy);
  if (problem) return { kind: 'permanent', error: `URL refused (${problem})` };
  const target = new URL(url);
  const host = normaliseHost(target.hostname);
  let addresses: { address: string; family: number }[];
  try {
    addresses = await lookup(host, { all: true, verbatim: true });
  } catch (error) {
    return { kind: 'retry', error: `cannot resolve ${host} (${codeOf(error)})` };
  }
  const refused = addresses.find((a) => !addressAllowed(a.address, policy.allowedHosts));
  if (refused || !addresses[0]) {
    return { kind: 'permanent', error: `address not allowed for ${host}${refused ? ` (${refused.address})` : ''}` };
  }
  const pinned = addresses[0];
  const pinnedLookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<DeliveryOutcome>((resolve) => {
    const req = send(
      target,
      {
        method: 'POST',
        lookup: pinnedLookup,
        headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': payload.length },
        timeout: TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
        });
        res.on('end', () => resolve(deliveryOutcome(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'))));
        res.on('error', (error) => resolve({ kind: 'retry', error: `answer broken off (${codeOf(error)})` }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ kind: 'retry', error: `${host}: ${codeOf(error)}` }));
    req.end(payload);
  });
}

// The code (ECONNREFUSED, ENOTFOUND…) or a short message: never a URL.
function codeOf(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.message.slice(0, 100) : 'error';
}
