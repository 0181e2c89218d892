import type { EntityManager } from 'typeorm';
import type { AttachmentView, CloseOutView } from '@zibo/domain';
import { problems } from '../../core/problems/problem.exception';

interface EvidenceRow {
  id: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  uploaded_at: Date;
  uploaded_by_id: string;
  revision: number;
}

interface CloseOutRow {
  id: string;
  task_id: string;
  summary: string;
  requested_at: Date;
  requested_by_id: string | null;
  requested_by_name: string | null;
  rejected_at: Date | null;
  rejected_by_name: string | null;
  reject_reason: string | null;
  signed_at: Date | null;
  signed_by_id: string | null;
  signed_by_name: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** 办结销号: the latest close-out request of a task, as the task view shows it (null: none yet). */
export async function latestCloseOut(tx: EntityManager, taskId: string): Promise<CloseOutView | null> {
  const [r]: CloseOutRow[] = await tx.query(
    `SELECT c.id, c.task_id, c.summary, c.requested_at, c.requested_by_id, requester.display_name AS requested_by_name,
            c.rejected_at, rejecter.display_name AS rejected_by_name, c.reject_reason,
            c.signed_at, c.signed_by_id, signer.display_name AS signed_by_name
       FROM close_out_request c
       LEFT JOIN app_user requester ON requester.id = c.requested_by_id
       LEFT JOIN app_user rejecter ON rejecter.id = c.rejected_by_id
       LEFT JOIN app_user signer ON signer.id = c.signed_by_id
      WHERE c.task_id = $1
      ORDER BY c.requested_at DESC, c.id DESC LIMIT 1`,
    [taskId],
  );
  if (!r) return null;
  // Plain SQL, not progress's entity: tasks stays below progress in the feature graph.
  const files: AttachmentView[] = (
    await tx.query<EvidenceRow[]>(
      `SELECT id, file_name, content_type, size, sha256, uploaded_at, uploaded_by_id, revision
         FROM attachment WHERE close_out_request_id = $1 ORDER BY uploaded_at, id`,
      [r.id],
    )
  ).map((a) => ({
    id: a.id,
    fileName: a.file_name,
    contentType: a.content_type,
    size: a.size,
    sha256: a.sha256,
    uploadedAt: a.uploaded_at.toISOString(),
    uploadedById: a.uploaded_by_id,
    revision: a.revision,
  }));
  return {
    id: r.id,
    taskId: r.task_id,
    state: r.signed_at ? 'signed' : r.rejected_at ? 'rejected' : 'requested',
    summary: r.summary,
    requestedAt: r.requested_at.toISOString(),
    requestedById: r.requested_by_id,
    requestedByName: r.requested_by_name,
    rejectedAt: iso(r.rejected_at),
    rejectedByName: r.rejected_by_name,
    rejectReason: r.reject_reason,
    signedAt: iso(r.signed_at),
    signedById: r.signed_by_id,
    signedByName: r.signed_by_name,
    attachments: files,
  };
}

/**
 * The committee's sign-off (销号) inside the `complete` command: it needs the lead department's open
 * close-out request (422 `no_close_request` otherwise), which it marks signed by the caller.
 */
export async function signOpenCloseOut(
  tx: EntityManager,
  taskId: string,
  signer: { id: string },
  now: Date,
): Promise<{ closeOutId: string; summary: string }> {
  const rows: { id: string; summary: string }[] = await tx.query(
    // In a CTE: the driver answers a bare UPDATE … RETURNING with [rows, count].
    `WITH signed AS (
       UPDATE close_out_request SET signed_at = $2, signed_by_id = $3
        WHERE task_id = $1 AND rejected_at IS NULL AND signed_at IS NULL RETURNING id, summary)
     SELECT id, summary FROM signed`,
    [taskId, now, signer.id],
  );
  const row = rows[0];
  if (!row) {
    throw problems.unprocessable(
      [{ field: 'status', code: 'no_close_request', message: 'The lead department has not requested close-out' }],
      'A task is completed by signing off its lead department’s close-out request (办结销号).',
    );
  }
  return { closeOutId: row.id, summary: row.summary };
}
