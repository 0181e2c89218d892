import { Inject, Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { JWT_SECRET } from './auth.tokens';

/**
 * Keys for one purpose each, derived from JWT_SECRET with HKDF (RFC 5869): a key for sealing TOTP
 * secrets and one for hashing recovery codes, so no key serves two purposes and only one secret
 * needs managing. Changing JWT_SECRET therefore also makes every enrolled authenticator unreadable:
 * users then enrol again (the security administrator resets their second factor).
 */
@Injectable()
export class AuthKeys {
  private readonly sealing: Buffer;
  private readonly recovery: Buffer;

  constructor(@Inject(JWT_SECRET) secret: string) {
    this.sealing = Buffer.from(hkdfSync('sha256', secret, 'zibo-supervision', 'totp-secret-sealing', 32));
    this.recovery = Buffer.from(hkdfSync('sha256', secret, 'zibo-supervision', 'recovery-code-hashing', 32));
  }

  /** AES-256-GCM: `v1.<iv>.<tag>.<ciphertext>` in base64url; tampering makes `open` fail. */
  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.sealing, iv);
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), sealed]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  open(sealed: string): string {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || !data) throw new Error('Unreadable sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.sealing, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** HMAC-SHA-256 of a recovery code: a copy of the table reveals no code, nor lets one be guessed offline. */
  recoveryCodeHash(normalisedCode: string): string {
    return createHmac('sha256', this.recovery).update(normalisedCode).digest('hex');
  }
}
