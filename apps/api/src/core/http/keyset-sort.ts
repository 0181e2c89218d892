import { z } from 'zod';
import { type ListSort, type SortToken, parseSort, sortTokens } from '@zibo/domain';
import type { SqlFilter } from '../database/sql-params';
import { problems } from '../problems/problem.exception';
import { cursorContent, cursorKey, cursorKeyOf, encodeCursor } from './cursor';

/** What a list may order by: an SQL expression (never NULL) and how its value travels in a cursor. */
export interface SortColumn {
  sql: string;
  type: 'date' | 'text' | 'int' | 'timestamptz';
  /** The cursor's value, strictly parsed before it reaches SQL. */
  cursor: z.ZodType<string | number>;
}

/** Sort columns by the shape of their value. */
export const sortColumn = {
  date: (sql: string): SortColumn => ({ sql, type: 'date', cursor: cursorKey.date }),
  text: (sql: string, max: number): SortColumn => ({ sql, type: 'text', cursor: cursorKey.text(max) }),
  int: (sql: string): SortColumn => ({
    sql,
    type: 'int',
    cursor: z
      .number()
      .int()
      .min(-(2 ** 31))
      .max(2 ** 31 - 1),
  }),
  // Cursors carry milliseconds, rows written by now() microseconds: the column is compared truncated.
  instant: (column: string): SortColumn => ({
    sql: `date_trunc('milliseconds', ${column})`,
    type: 'timestamptz',
    cursor: cursorKey.instant,
  }),
};

/** The value a row gave for its sort column, as it goes into the cursor. */
export type SortValue = string | number | Date;

/**
 * One list's order chosen by `?sort=`: the sort column then the row id, both in the same direction,
 * so the order is total and a keyset page (`(value, id) > (cursor)`) neither skips nor repeats a row
 * under ties. The cursor is `[sort token, value, id]`: a cursor used under another sort is a 400.
 */
export class KeysetSort<K extends string> {
  readonly sort: ListSort<K>;
  private readonly column: SortColumn;

  constructor(
    private readonly columns: Readonly<Record<K, SortColumn>>,
    private readonly idColumn: string,
    private readonly token: SortToken<K>,
  ) {
    this.sort = parseSort(token);
    this.column = columns[this.sort.key];
  }

  /** The select-list expression of the sort value (alias it, hand it back to `cursorOf`). */
  get valueSql(): string {
    return this.column.sql;
  }

  get orderBy(): string {
    const direction = this.sort.direction === 'desc' ? ' DESC' : '';
    return `${this.column.sql}${direction}, ${this.idColumn}${direction}`;
  }

  /**
   * The same order on a statement's output columns: `value` selected through `valueSql`, and `id`
   * (for an outer query that re-joins a page read in `orderBy`).
   */
  orderByOutput(value: string, id: string): string {
    const direction = this.sort.direction === 'desc' ? ' DESC' : '';
    return `${value}${direction}, ${id}${direction}`;
  }

  /** The position a cursor names, or undefined without one; 400 `cursor` if it is not this sort's. */
  decode(cursor: string | undefined): readonly [string | number, string] | undefined {
    if (!cursor) return undefined;
    const value = cursorContent(cursor);
    const made = Array.isArray(value) ? (value[0] as unknown) : undefined;
    if (typeof made === 'string' && made !== this.token && (sortTokens(this.keys) as string[]).includes(made)) {
      throw problems.invalid([
        {
          field: 'cursor',
          code: 'invalid',
          message: `This cursor belongs to sort=${made}, not sort=${this.token}: start again without it`,
        },
      ]);
    }
    const [, sortValue, id] = cursorKeyOf(value, z.tuple([z.literal(this.token), this.column.cursor, cursorKey.uuid]));
    return [sortValue, id];
  }

  /** Limits `filter` to the rows after `position` in this order. */
  after(filter: SqlFilter, position: readonly [string | number, string] | null | undefined): void {
    if (!position) return;
    filter.after(
      [
        [this.column.sql, position[0], this.column.type],
        [this.idColumn, position[1], 'uuid'],
      ],
      this.sort.direction,
    );
  }

  /** The position of a row, from its sort value (as selected through `valueSql`) and id. */
  position(value: SortValue, id: string): [string | number, string] {
    return [value instanceof Date ? value.toISOString() : value, id];
  }

  /** The cursor of the page after a row at `position`. */
  encode(position: readonly [string | number, string]): string {
    return encodeCursor([this.token, position[0], position[1]]);
  }

  private get keys(): K[] {
    return Object.keys(this.columns) as K[];
  }
}
