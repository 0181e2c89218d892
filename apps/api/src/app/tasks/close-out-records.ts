import type { EntityManager } from 'typeorm';
import type { AttachmentView, CloseOutView } from '@zibo/domain';
import { problems } from '../../core/problems/problem.exception';

/** The latest close-out request as `CLOSE_OUT_COLUMN` reads it (timestamps as PostgreSQL writes them in JSON). */
export type CloseOutJson = Omit<CloseOutView, 'state' | 'attachments'> & {
  attachments: (Omit<AttachmentView, 'uploadedAt'> & { uploadedAt: string })[];
};

/**
 * 办结销号: the latest close-out request of task `t` with its evidence, as one JSON column of the
 * statement that reads the task (NULL: none yet); `closeOutOf` turns it into the view.
 */
export const CLOSE_OUT_COLUMN = `(SELECT json_build_object('id', c.id, 'taskId', c.task_id, 'summary', c.summary,
      'requestedAt', c.requested_at, 'requestedById', c.requested_by_id, 'requestedByName', requester.display_name,
      'rejectedAt', c.rejected_at, 'rejectedByName', rejecter.display_name, 'rejectReason', c.reject_reason,
      'signedAt', c.signed_at, 'signedById', c.signed_by_id, 'signedByName', signer.display_name,
      'attachments', (SELECT COALESCE(json_agg(json_build_object('id', f.id, 'fileName', f.file_name,
                        'contentType', f.content_type, 'size', f.size, 'sha256', f.sha256,
                        'uploadedAt', f.uploaded_at, 'uploadedById', f.uploaded_by_id, 'revision', f.revision)
                        ORDER BY f.uploaded_at, f.id), '[]')
                        FROM attachment f WHERE f.close_out_request_id = c.id))
    FROM close_out_request c
    LEFT JOIN app_user requester ON requester.id = c.requested_by_id
    LEFT JOIN app_user rejecter ON rejecter.id = c.rejected_by_id
    LEFT JOIN app_user signer ON signer.id = c.signed_by_id
   WHERE c.task_id = t.id
   ORDER BY c.requested_at DESC, c.id DESC LIMIT 1) AS close_out`;

// JSON carries PostgreSQL's microseconds and offset; the view has JavaScript's ISO instant (milliseconds, cut as the driver cuts them).
const iso = (text: string) => new Date(text).toISOString();
const isoOrNull = (text: string | null) => (text === null ? null : iso(text));

/** The view of `CLOSE_OUT_COLUMN`'s value. */
export function closeOutOf(c: CloseOutJson | null): CloseOutView | null {
  if (!c) return null;
  return {
    id: c.id,
    taskId: c.taskId,
    state: c.signedAt ? 'signed' : c.rejectedAt ? 'rejected' : 'requested',
    summary: c.summary,
    requestedAt: iso(c.requestedAt),
    requestedById: c.requestedById,
    requestedByName: c.requestedByName,
    rejectedAt: isoOrNull(c.rejectedAt),
    rejectedByName: c.rejectedByName,
    rejectReason: c.rejectReason,
    signedAt: isoOrNull(c.signedAt),
    signedById: c.signedById,
    signedByName: c.signedByName,
    attachments: c.attachments.map((a) => ({
      id: a.id,
      fileName: a.fileName,
      contentType: a.contentType,
      size: a.size,
      sha256: a.sha256,
      uploadedAt: iso(a.uploadedAt),
      uploadedById: a.uploadedById,
      revision: a.revision,
    })),
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
