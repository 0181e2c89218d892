import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  type CalendarDayKind,
  type CalendarDayView,
  type WorkingCalendar,
  setCalendarDaySchema,
  workingCalendar,
} from '@zibo/domain';
import { UnitOfWork } from '../../core/database/unit-of-work';
import type { Command } from '../../core/http/command';
import { problems } from '../../core/problems/problem.exception';
import { AuditWriter } from '../audit';

interface CalendarDayRow {
  day: string;
  kind: CalendarDayKind;
  name: string;
  updated_at: Date;
}

const toView = (r: CalendarDayRow): CalendarDayView => ({
  date: r.day,
  kind: r.kind,
  name: r.name,
  updatedAt: r.updated_at.toISOString(),
});

// `day` as text: a date column must never pass through a JavaScript Date (time-zone shifts).
const COLUMNS = `to_char(day, 'YYYY-MM-DD') AS day, kind, name, updated_at`;

/**
 * The working-day calendar (holidays and make-up working days, 调休) the system administrator keeps;
 * deadlines counted in working days (receipt, urge escalation) read it through `load`.
 */
@Injectable()
export class CalendarService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditWriter,
  ) {}

  async list(year: number | undefined): Promise<CalendarDayView[]> {
    const rows: CalendarDayRow[] = await this.unitOfWork.run((tx) =>
      year === undefined
        ? tx.query(`SELECT ${COLUMNS} FROM calendar_day ORDER BY day`)
        : tx.query(`SELECT ${COLUMNS} FROM calendar_day WHERE extract(year FROM day) = $1 ORDER BY day`, [year]),
    );
    return rows.map(toView);
  }

  /** The whole calendar, for counting working days inside a use case's transaction. */
  async load(tx: EntityManager): Promise<WorkingCalendar> {
    const rows: { day: string; kind: CalendarDayKind }[] = await tx.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, kind FROM calendar_day`,
    );
    return workingCalendar(rows.map((r) => ({ date: r.day, kind: r.kind })));
  }

  /** Marks a date a holiday or a make-up working day (created or replaced). */
  async set(date: string, command: Command): Promise<{ view: CalendarDayView; created: boolean }> {
    const { actor } = command;
    const input = command.parse(setCalendarDaySchema);
    return this.unitOfWork.run(async (tx) => {
      const [before]: CalendarDayRow[] = await tx.query(
        `SELECT ${COLUMNS} FROM calendar_day WHERE day = $1 FOR UPDATE`,
        [date],
      );
      const name = input.name ?? '';
      const [row]: CalendarDayRow[] = await tx.query(
        `INSERT INTO calendar_day (day, kind, name) VALUES ($1, $2, $3)
         ON CONFLICT (day) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, updated_at = now()
         RETURNING ${COLUMNS}`,
        [date, input.kind, name],
      );
      if (!row) throw new Error('calendar_day upsert returned nothing');
      if (!before || before.kind !== row.kind || before.name !== row.name) {
        await this.audit.append(tx, {
          actor,
          action: 'calendar.set',
          entityType: 'calendar_day',
          entityId: date,
          departmentId: null,
          before: before ? { kind: before.kind, name: before.name } : null,
          after: { kind: row.kind, name: row.name },
        });
      }
      return { view: toView(row), created: !before };
    });
  }

  /** Makes a date an ordinary day again (Monday–Friday working, weekends off). */
  async remove(date: string, command: Command): Promise<void> {
    const { actor } = command;
    await this.unitOfWork.run(async (tx) => {
      const [removed]: CalendarDayRow[] = await tx.query(
        `WITH removed AS (DELETE FROM calendar_day WHERE day = $1 RETURNING *) SELECT ${COLUMNS} FROM removed`,
        [date],
      );
      if (!removed) throw problems.notFound('calendar day');
      await this.audit.append(tx, {
        actor,
        action: 'calendar.remove',
        entityType: 'calendar_day',
        entityId: date,
        departmentId: null,
        before: { kind: removed.kind, name: removed.name },
      });
    });
  }
}
