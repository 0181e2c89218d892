import { createPublicKey } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { SigningKeyView } from '@zibo/domain';
import { type CheckpointSigner, keyIdOf } from './checkpoint-signer';

/**
 * Public keys of every key that ever signed checkpoints, in `audit_signing_key` (append-only like
 * the other audit tables): after a key rotation the old checkpoints stay verifiable. The api adds
 * its current key at start-up and with every checkpoint it signs.
 */
export async function registerSigningKey(tx: EntityManager, signer: CheckpointSigner): Promise<void> {
  await tx.query(
    `INSERT INTO audit_signing_key (key_id, public_key_pem, created_at) VALUES ($1, $2, now())
     ON CONFLICT (key_id) DO NOTHING`,
    [signer.keyId, signer.publicKeyPem()],
  );
}

/**
 * The known public keys by key id, oldest first, the current one included even before it is
 * stored. A stored key whose PEM does not have its key id (an edited row) is left out: the
 * checkpoints it would vouch for then fail verification.
 */
export async function knownSigningKeys(tx: EntityManager, signer: CheckpointSigner): Promise<SigningKeyView[]> {
  const rows = await tx.query<{ key_id: string; public_key_pem: string; created_at: Date }[]>(
    'SELECT key_id, public_key_pem, created_at FROM audit_signing_key ORDER BY created_at, key_id',
  );
  const keys: SigningKeyView[] = [];
  for (const row of rows) {
    if (idOfPem(row.public_key_pem) !== row.key_id) continue;
    keys.push({
      keyId: row.key_id,
      publicKeyPem: row.public_key_pem,
      createdAt: row.created_at.toISOString(),
      current: row.key_id === signer.keyId,
    });
  }
  if (!keys.some((key) => key.current)) {
    keys.push({
      keyId: signer.keyId,
      publicKeyPem: signer.publicKeyPem(),
      createdAt: new Date().toISOString(),
      current: true,
    });
  }
  return keys;
}

function idOfPem(pem: string): string | null {
  try {
    return keyIdOf(createPublicKey(pem));
  } catch {
    return null;
  }
}
