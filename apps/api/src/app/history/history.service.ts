import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { type HistoryEntryView, NON_CHANGE_ACTIONS, type Page, pageQueryShape } from '@zibo/domain';
import type { AuthUser } from '../../core/access/auth-user';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { cursorKey, decodeCursor, encodeCursor } from '../../core/http/cursor';
import { visibleHistoryCondition } from '../tasks';

export const historyQuery = z.strictObject({ ...pageQueryShape });
const historyCursor = z.tuple([cursorKey.seq]);

/** A task's history, read straight from the audit log: exactly what was recorded, nothing else. */
@Injectable()
export class HistoryQueries {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async forTask(
    user: AuthUser,
    id: string,
    { limit, cursor }: z.output<typeof historyQuery>,
  ): Promise<Page<HistoryEntryView>> {
    const [after] = decodeCursor(cursor, historyCursor) ?? [0];
    const visible = visibleHistoryCondition(
      user,
      { recordOwnerDepartmentId: 'related.owner_department_id', action: 'e.action' },
      4,
    );
    const rows: {
      seq: number;
      at: Date;
      actor_id: string | null;
      display_name: string | null;
      actor_role: string | null;
      action: string;
      entity_type: string;
      entity_id: string | null;
      before: Record<string, unknown> | null;
      after: Record<string, unknown> | null;
      sha256: string | null;
    }[] = await this.unitOfWork.read((db) =>
      db.query(
        // Each related record with the department that owns it (NULL: the task's own, and amendments),
        // so that other departments do not see the draft stage of a record (record-visibility.ts).
        `WITH related AS (
         SELECT $1::text AS id, NULL::uuid AS owner_department_id
         UNION ALL SELECT r.id::text, t.lead_department_id FROM progress_report r JOIN task t ON t.id = r.task_id
                    WHERE r.task_id = $1::uuid
         UNION ALL SELECT id::text, department_id FROM contribution WHERE task_id = $1::uuid
         UNION ALL SELECT id::text, NULL::uuid FROM amendment WHERE task_id = $1::uuid
         UNION ALL SELECT id::text, NULL::uuid FROM urge WHERE task_id = $1::uuid
         UNION ALL SELECT id::text, NULL::uuid FROM supervision_notice WHERE task_id = $1::uuid
         UNION ALL SELECT id::text, NULL::uuid FROM directive WHERE task_id = $1::uuid
         -- a comment on a report is that report's (the lead department's) record; on the task, everyone's
         UNION ALL SELECT c.id::text, CASE WHEN c.report_id IS NULL THEN NULL ELSE t.lead_department_id END
                     FROM task_comment c JOIN task t ON t.id = c.task_id WHERE c.task_id = $1::uuid
         -- a close-out request's evidence is everyone's who sees the task (no draft stage)
         UNION ALL SELECT a.id::text, CASE WHEN a.close_out_request_id IS NOT NULL THEN NULL
                                           WHEN a.contribution_id IS NULL THEN t.lead_department_id
                                           ELSE c.department_id END
                     FROM attachment a
                     LEFT JOIN progress_report r ON r.id = a.report_id
                     LEFT JOIN contribution c ON c.id = a.contribution_id
                     LEFT JOIN close_out_request co ON co.id = a.close_out_request_id
                     JOIN task t ON t.id = COALESCE(r.task_id, c.task_id, co.task_id)
                    WHERE t.id = $1::uuid)
       SELECT e.seq, e.at, e.actor_id, u.display_name, e.actor_role, e.action, e.entity_type, e.entity_id,
              e.before, e.after, e.sha256
         FROM audit_event e
         JOIN related ON related.id = e.entity_id
         LEFT JOIN app_user u ON u.id = e.actor_id
        WHERE e.seq > $2 AND ${visible.sql} AND e.action <> ALL ($${4 + visible.params.length})
        ORDER BY e.seq
        LIMIT $3`,
        // Downloads and refusals are security events of the audit log, not changes of the task.
        [id, after, limit + 1, ...visible.params, [...NON_CHANGE_ACTIONS]],
      ),
    );
    const items = rows.slice(0, limit).map((r) => ({
      seq: r.seq,
      at: r.at.toISOString(),
      actorId: r.actor_id,
      actorName: r.display_name,
      actorRole: r.actor_role,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      before: r.before,
      after: r.after,
      sha256: r.sha256,
    }));
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor([Number(last.seq)]) : null };
  }
}
