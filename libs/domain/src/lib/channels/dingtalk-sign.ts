/** HMAC-SHA256 of `message` under `key`, base64 (standard alphabet): node:crypto on the api side. */
export type HmacSha256Base64 = (key: string, message: string) => string;

/**
 * 钉钉 custom robot, 加签 (signed) mode: the string to sign is `timestamp + "\n" + secret`, signed with
 * HMAC-SHA256 under the secret, base64-encoded, then URL-encoded; `timestamp` (milliseconds) and
 * `sign` are added to the webhook URL's query. DingTalk refuses a timestamp more than an hour off.
 */
export function dingTalkSignature(secret: string, timestampMs: number, hmac: HmacSha256Base64): string {
  return hmac(secret, `${timestampMs}\n${secret}`);
}

/** The webhook URL with `timestamp` and `sign` set (replacing any already there). */
export function dingTalkSignedUrl(url: string, secret: string, timestampMs: number, hmac: HmacSha256Base64): string {
  const signed = new URL(url);
  // URLSearchParams encodes the base64 signature's +, / and = as DingTalk expects.
  signed.searchParams.set('timestamp', String(timestampMs));
  signed.searchParams.set('sign', dingTalkSignature(secret, timestampMs, hmac));
  return signed.toString();
}
