import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';

// argon2id with OWASP's minimum profile (m = 19 MiB, t = 2, p = 1).
// `algorithm: 2` is Argon2id: the package's enum is a `const enum`, which bundling cannot inline.
const ARGON2ID = 2;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
const PHC = /^\$(argon2(?:id|i|d))\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$/;

@Injectable()
export class PasswordHasher {
  // Verifying against this when the username is unknown keeps both answers equally slow.
  private readonly decoy = hash('decoy password that matches nothing', OPTIONS);

  hash(password: string): Promise<string> {
    return hash(password, OPTIONS);
  }

  async verify(passwordHash: string | null, password: string): Promise<boolean> {
    if (!passwordHash) {
      await verify(await this.decoy, password).catch(() => false);
      return false;
    }
    return verify(passwordHash, password).catch(() => false);
  }

  /** Whether a stored hash was made with another algorithm or weaker parameters than today's. */
  needsRehash(passwordHash: string): boolean {
    const match = PHC.exec(passwordHash);
    if (!match) return true;
    const [, algorithm, version, memory, time, parallelism] = match;
    return (
      algorithm !== 'argon2id' ||
      Number(version) < 19 ||
      Number(memory) < OPTIONS.memoryCost ||
      Number(time) < OPTIONS.timeCost ||
      Number(parallelism) < OPTIONS.parallelism
    );
  }
}
