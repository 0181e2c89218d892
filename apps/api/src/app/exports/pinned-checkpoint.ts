import { z } from 'zod';
import type { CheckpointView } from '@zibo/domain';

/**
 * A checkpoint the auditor saved earlier (one item of `GET /api/audit/checkpoints`, as JSON):
 * the offline verifier's `--since`. A later export must hold the same hash at its seq.
 */
const pinnedCheckpointSchema = z.object({
  seq: z.number().int().positive(),
  headHash: z.string().regex(/^[0-9a-f]{64}$/),
  count: z.number().int().positive(),
  at: z.string(),
  keyId: z.string(),
  payload: z.string(),
  signature: z.string(),
});

export type PinnedCheckpoint = CheckpointView;

export class PinnedCheckpointError extends Error {}

/** Reads a saved checkpoint; throws PinnedCheckpointError saying what is wrong with the file. */
export function parsePinnedCheckpoint(text: string): PinnedCheckpoint {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new PinnedCheckpointError('the --since file is not JSON');
  }
  const result = pinnedCheckpointSchema.safeParse(value);
  if (!result.success) {
    const fields = [...new Set(result.error.issues.map((issue) => issue.path.join('.') || '(the whole file)'))];
    throw new PinnedCheckpointError(
      `the --since file is not a checkpoint of GET /api/audit/checkpoints (check ${fields.join(', ')})`,
    );
  }
  return result.data;
}

/** Whether a checkpoint's fields are the ones its signed payload states. */
export function checkpointMatchesPayload(checkpoint: {
  seq: number | string;
  headHash: string;
  count: number | string;
  at: string;
  keyId: string;
  payload: string;
}): boolean {
  let claim: Record<string, unknown>;
  try {
    claim = JSON.parse(checkpoint.payload) as Record<string, unknown>;
  } catch {
    return false;
  }
  return (
    claim['seq'] === Number(checkpoint.seq) &&
    claim['headHash'] === checkpoint.headHash &&
    claim['count'] === Number(checkpoint.count) &&
    claim['at'] === checkpoint.at &&
    claim['keyId'] === checkpoint.keyId &&
    claim['count'] === claim['seq']
  );
}
