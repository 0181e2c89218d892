import { hash } from '@node-rs/argon2';
import { PasswordHasher } from './password-hasher.service';

describe('Password hashes', () => {
  const hasher = new PasswordHasher();

  it('makes argon2id hashes with m = 19 MiB, t = 2, p = 1 that verify', async () => {
    const stored = await hasher.hash('correct horse battery');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await expect(hasher.verify(stored, 'correct horse battery')).resolves.toBe(true);
    await expect(hasher.verify(stored, 'correct horse batterY')).resolves.toBe(false);
    expect(hasher.needsRehash(stored)).toBe(false);
  });

  it.each([
    ['less memory', { algorithm: 2, memoryCost: 4096, timeCost: 2, parallelism: 1 }],
    ['fewer passes', { algorithm: 2, memoryCost: 19_456, timeCost: 1, parallelism: 1 }],
    ['argon2i', { algorithm: 1, memoryCost: 19_456, timeCost: 2, parallelism: 1 }],
  ] as const)('asks for a new hash of one made with %s', async (_case, options) => {
    expect(hasher.needsRehash(await hash('x', options))).toBe(true);
  });

  it('asks for a new hash of anything that is not argon2', () => {
    expect(hasher.needsRehash('$2b$10$abcdefghijklmnopqrstuv')).toBe(true);
  });
});
