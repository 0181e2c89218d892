import type { CheckpointView } from '@zibo/domain';
import { columnMatches } from './audit-event-columns';
import { CHECKPOINT_EVERY_EVENTS } from './audit-writer.service';
import { verifyCheckpointSignature } from './checkpoint-signer';

/** A stored checkpoint, with its `at` read to the microsecond (`to_char`, UTC). */
export interface StoredCheckpoint extends CheckpointView {
  atText: string;
}

/**
 * What is wrong with one stored checkpoint on its own, or null: its columns must be what its
 * payload says, the payload must count every event up to its seq, and the signature must verify
 * with the public key of its key id.
 */
export function checkpointProblem(
  checkpoint: StoredCheckpoint,
  publicKeys: ReadonlyMap<string, string>,
): string | null {
  let claim: Record<string, unknown>;
  try {
    claim = JSON.parse(checkpoint.payload) as Record<string, unknown>;
  } catch {
    return `checkpoint ${checkpoint.seq}: its payload is not JSON`;
  }
  const matches =
    claim['seq'] === checkpoint.seq &&
    claim['headHash'] === checkpoint.headHash &&
    claim['count'] === checkpoint.count &&
    claim['keyId'] === checkpoint.keyId &&
    columnMatches('instant', checkpoint.atText, claim['at']);
  if (!matches) return `checkpoint ${checkpoint.seq}: its columns differ from the signed payload`;
  if (checkpoint.count !== checkpoint.seq) {
    return `checkpoint ${checkpoint.seq}: it counts ${checkpoint.count} events up to seq ${checkpoint.seq}`;
  }
  const publicKeyPem = publicKeys.get(checkpoint.keyId);
  if (!publicKeyPem) {
    return `checkpoint ${checkpoint.seq}: it is signed with key ${checkpoint.keyId}, which is not a known signing key`;
  }
  if (!verifyCheckpointSignature(checkpoint.payload, checkpoint.signature, publicKeyPem)) {
    return `checkpoint ${checkpoint.seq}: its signature does not verify with key ${checkpoint.keyId}`;
  }
  return null;
}

/**
 * The first stretch of more than CHECKPOINT_EVERY_EVENTS events that no checkpoint closes in
 * time, as its first event's seq (docs/rules.md: a checkpoint at least every 1,000 events). Catches
 * deleted checkpoints and a chain that was never checkpointed. `checkpointSeqs` ascending.
 */
export function firstUncoveredEvents(
  checkpointSeqs: readonly number[],
  headSeq: number,
): { seq: number; detail: string } | null {
  let previous = 0;
  for (const seq of [...checkpointSeqs, headSeq]) {
    if (seq - previous > CHECKPOINT_EVERY_EVENTS) {
      const after = previous === 0 ? 'the start of the chain' : `checkpoint ${previous}`;
      const until = seq === headSeq && !checkpointSeqs.includes(seq) ? 'the head' : `checkpoint ${seq}`;
      return {
        seq: previous + 1,
        detail:
          `${seq - previous} events from ${after} to ${until} without a checkpoint; ` +
          `the rules require one at least every ${CHECKPOINT_EVERY_EVENTS.toLocaleString('en')} events (checkpoints deleted?)`,
      };
    }
    previous = Math.max(previous, seq);
  }
  return null;
}
