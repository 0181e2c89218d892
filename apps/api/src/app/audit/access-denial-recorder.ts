import { Injectable } from '@nestjs/common';
import { escapedText } from '@zibo/domain';
import type { AccessDenial } from '../../core/access/access-denials';
import { Clock } from '../../core/clock';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { AuditWriter } from './audit-writer.service';

/** At most this many denials of one user a minute become events; the rest are counted. */
export const DENIAL_EVENTS_PER_MINUTE = 10;

interface DenialWindow {
  window_start: Date;
  recorded: number;
  suppressed: number;
}

function startOfMinute(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 60_000) * 60_000);
}

/**
 * Writes access denials to the audit log as `access.denied` events, rate-limited per user and
 * minute so that a loop of refused requests cannot flood the chain: past the limit a denial is
 * only counted, and the next event written for that user (in a later minute) carries the count
 * as `suppressedBefore`. The window is a row in PostgreSQL, so the limit holds across processes.
 */
@Injectable()
export class AccessDenialRecorder {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditWriter,
    private readonly clock: Clock,
  ) {}

  record(denial: AccessDenial): Promise<void> {
    const minute = startOfMinute(this.clock.now());
    return this.unitOfWork.run(async (tx) => {
      await tx.query(
        `INSERT INTO access_denial_window (user_id, window_start, recorded, suppressed) VALUES ($1, $2, 0, 0)
         ON CONFLICT (user_id) DO NOTHING`,
        [denial.user.id, minute],
      );
      // Locked until commit: concurrent denials of one user, in any process, are decided one by one.
      const [row] = await tx.query<DenialWindow[]>(
        `SELECT window_start, recorded, suppressed FROM access_denial_window WHERE user_id = $1 FOR UPDATE`,
        [denial.user.id],
      );
      const sameWindow = row !== undefined && row.window_start.getTime() === minute.getTime();
      const recorded = sameWindow ? row.recorded : 0;
      const suppressed = sameWindow ? row.suppressed : 0;
      if (recorded >= DENIAL_EVENTS_PER_MINUTE) {
        await tx.query(`UPDATE access_denial_window SET suppressed = suppressed + 1 WHERE user_id = $1`, [
          denial.user.id,
        ]);
        return;
      }
      // A new window reports what the last one only counted (its first event is always written).
      const suppressedBefore = sameWindow ? 0 : (row?.suppressed ?? 0);
      await this.audit.append(tx, {
        actor: { id: denial.user.id, role: denial.user.role, departmentId: denial.user.departmentId },
        action: 'access.denied',
        entityType: denial.resource ?? 'route',
        // As sent, with what text cannot hold escaped (a NUL in the path is evidence too).
        entityId: denial.recordId === null ? null : escapedText(denial.recordId).slice(0, 64),
        after: {
          status: denial.status,
          method: denial.method,
          route: denial.route,
          ...(suppressedBefore > 0 ? { suppressedBefore } : {}),
        },
      });
      await tx.query(
        `UPDATE access_denial_window SET window_start = $2, recorded = $3, suppressed = $4 WHERE user_id = $1`,
        [denial.user.id, minute, recorded + 1, suppressed],
      );
    });
  }
}
