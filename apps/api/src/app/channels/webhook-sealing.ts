import { Inject, Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { JWT_SECRET } from '../auth';

/**
 * Seals robot webhook URLs and signing secrets at rest, as the TOTP secrets are (auth-keys.ts):
 * AES-256-GCM under a key of its own derived from JWT_SECRET with HKDF, so a copy of the table (or a
 * backup) does not carry usable robot keys. Changing JWT_SECRET makes the stored robots unreadable:
 * the administrator enters them again (delivery records the failure meanwhile).
 */
@Injectable()
export class WebhookSealing {
  private readonly key: Buffer;

  constructor(@Inject(JWT_SECRET) secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'zibo-supervision', 'webhook-secret-sealing', 32));
  }

  /** `v1.<iv>.<tag>.<ciphertext>` in base64url; tampering makes `open` fail. */
  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      'v1',
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      sealed.toString('base64url'),
    ].join('.');
  }

  open(sealed: string): string {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || !data) throw new Error('Unreadable sealed webhook secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  }
}
