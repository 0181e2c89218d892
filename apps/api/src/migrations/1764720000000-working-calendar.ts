import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The official holiday schedule of 2026, from 国务院办公厅关于2026年部分节假日安排的通知
 * (General Office of the State Council, 4 November 2025, published by Xinhua): every day off of each
 * holiday (weekends inside it included) and the weekend days worked instead (调休上班).
 */
const HOLIDAYS_2026: [name: string, off: string[], worked: string[]][] = [
  ['元旦', ['2026-01-01', '2026-01-02', '2026-01-03'], ['2026-01-04']],
  [
    '春节',
    [
      '2026-02-15',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-21',
      '2026-02-22',
      '2026-02-23',
    ],
    ['2026-02-14', '2026-02-28'],
  ],
  ['清明节', ['2026-04-04', '2026-04-05', '2026-04-06'], []],
  ['劳动节', ['2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05'], ['2026-05-09']],
  ['端午节', ['2026-06-19', '2026-06-20', '2026-06-21'], []],
  ['中秋节', ['2026-09-25', '2026-09-26', '2026-09-27'], []],
  [
    '国庆节',
    ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
    ['2026-09-20', '2026-10-10'],
  ],
];

/**
 * The working-day calendar: the exceptions to Monday–Friday (holidays and make-up working days),
 * maintained by the system administrator, seeded with the current year's official schedule.
 */
export class WorkingCalendar1764720000000 implements MigrationInterface {
  name = 'WorkingCalendar1764720000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE calendar_day (
        day date PRIMARY KEY,
        kind varchar(8) NOT NULL CONSTRAINT ck_calendar_day_kind CHECK (kind IN ('holiday', 'workday')),
        name varchar(100) NOT NULL DEFAULT '',
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    const rows = HOLIDAYS_2026.flatMap(([name, off, worked]) => [
      ...off.map((day) => [day, 'holiday', name]),
      ...worked.map((day) => [day, 'workday', name]),
    ]);
    await db.query(
      `INSERT INTO calendar_day (day, kind, name) SELECT * FROM unnest($1::date[], $2::text[], $3::text[])`,
      [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])],
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE calendar_day`);
  }
}
