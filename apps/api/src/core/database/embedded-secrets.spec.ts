import { generateKeyPairSync } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SIGNING_KEY_FILE, loadOrCreateSecrets } from './embedded-database';

describe('Secrets of the embedded database', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zibo-secrets-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const modeOf = (file: string) => statSync(join(dir, file)).mode & 0o777;

  it('keeps the checkpoint signing key in its own file, mode 0600, apart from the passwords', async () => {
    const secrets = await loadOrCreateSecrets(dir);
    expect(secrets.auditSigningKey).toContain('BEGIN PRIVATE KEY');
    expect(await readFile(join(dir, SIGNING_KEY_FILE), 'utf8')).toBe(secrets.auditSigningKey);
    expect(modeOf(SIGNING_KEY_FILE)).toBe(0o600);
    expect(modeOf('secrets.json')).toBe(0o600);
    expect(await readFile(join(dir, 'secrets.json'), 'utf8')).not.toContain('PRIVATE KEY');
    expect(await loadOrCreateSecrets(dir)).toEqual(secrets);
  });

  it('moves the key of an older data folder out of secrets.json, keeping key and passwords', async () => {
    const key = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const old = { superuserPassword: 's', ownerPassword: 'o', appPassword: 'a', jwtSecret: 'j', auditSigningKey: key };
    await writeFile(join(dir, 'secrets.json'), JSON.stringify(old), { mode: 0o600 });
    expect(await loadOrCreateSecrets(dir)).toEqual(old);
    expect(await readFile(join(dir, SIGNING_KEY_FILE), 'utf8')).toBe(key);
    expect(JSON.parse(await readFile(join(dir, 'secrets.json'), 'utf8'))).toEqual({
      superuserPassword: 's',
      ownerPassword: 'o',
      appPassword: 'a',
      jwtSecret: 'j',
    });
    expect(existsSync(join(dir, `${SIGNING_KEY_FILE}.${process.pid}.tmp`))).toBe(false);
    expect(await loadOrCreateSecrets(dir)).toEqual(old);
  });
});
