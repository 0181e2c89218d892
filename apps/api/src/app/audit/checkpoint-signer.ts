import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import canonicalize from 'canonicalize';

/** What a checkpoint asserts: the chain had `count` events ending in `headHash` at `seq`. */
export interface CheckpointClaim {
  seq: number;
  headHash: string;
  count: number;
  at: string;
  keyId: string;
}

/** Short fingerprint of a public key: the first 16 hex digits of SHA-256 over its DER. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

export function canonicalClaim(claim: CheckpointClaim): string {
  return canonicalize(claim) as string;
}

/** Signs checkpoints with the Ed25519 key from AUDIT_SIGNING_KEY (or the one generated into DATA_DIR). */
export class CheckpointSigner {
  private readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly keyId: string;

  constructor(privateKeyPem: string) {
    this.privateKey = createPrivateKey(privateKeyPem);
    if (this.privateKey.asymmetricKeyType !== 'ed25519') throw new Error('AUDIT_SIGNING_KEY must be an Ed25519 key');
    this.publicKey = createPublicKey(this.privateKey);
    this.keyId = keyIdOf(this.publicKey);
  }

  publicKeyPem(): string {
    return this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  sign(claim: CheckpointClaim): { payload: string; signature: string } {
    const payload = canonicalClaim(claim);
    return { payload, signature: sign(null, Buffer.from(payload, 'utf8'), this.privateKey).toString('base64') };
  }
}

/** Checks a checkpoint's signature against a trusted public key (PEM). */
export function verifyCheckpointSignature(payload: string, signature: string, publicKeyPem: string): boolean {
  try {
    return verify(null, Buffer.from(payload, 'utf8'), createPublicKey(publicKeyPem), Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
