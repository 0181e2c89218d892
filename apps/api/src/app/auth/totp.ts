import { Inject, Injectable } from '@nestjs/common';
import { generateSecret, generateURI, verify } from 'otplib';
import { Clock, SESSION_CLOCK } from '../../core/clock';

/** The name authenticator apps show above the code. */
export const TOTP_ISSUER = '淄博高新区督办';
const PERIOD_SECONDS = 30;

/**
 * TOTP (RFC 6238: SHA-1, 6 digits, 30 s — what every authenticator app speaks) through otplib, on
 * the api's Clock. A code is accepted in its own step and one step either side (clock drift), and
 * only for a step after the last one accepted: the same code, or an older one, cannot be replayed.
 */
@Injectable()
export class Totp {
  constructor(@Inject(SESSION_CLOCK) private readonly clock: Clock) {}

  newSecret(): string {
    // 20 random bytes (160 bits, RFC 4226's recommendation), base32.
    return generateSecret({ length: 20 });
  }

  otpauthUrl(secret: string, username: string): string {
    return generateURI({ issuer: TOTP_ISSUER, label: username, secret, period: PERIOD_SECONDS, digits: 6 });
  }

  async qrCode(otpauthUrl: string): Promise<string> {
    // Loaded on first enrolment: an idle api does not carry the QR encoder.
    const { toDataURL } = await import('qrcode');
    return toDataURL(otpauthUrl, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
  }

  /** The time step the code belongs to when valid and newer than `lastStep`, else null. */
  async verify(secret: string, code: string, lastStep: number | null): Promise<number | null> {
    if (!/^\d{6}$/.test(code)) return null;
    const result = await verify({
      secret,
      token: code,
      period: PERIOD_SECONDS,
      epoch: Math.floor(this.clock.now().getTime() / 1000),
      epochTolerance: PERIOD_SECONDS,
      ...(lastStep !== null ? { afterTimeStep: lastStep } : {}),
    });
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  }
}
