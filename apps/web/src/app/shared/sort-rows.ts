import type { Sort } from '@angular/material/sort';

/** A sortable column's value of a row: numbers, text, or null (shown as "—", always last). */
export type SortValue = number | string | null;

/**
 * A small table's rows in the order its MatSort header asks for (client-side: the whole table is on
 * the page). Without a direction the rows keep the order they came in; equal values keep it too.
 * Text compares by the Chinese collation of the page's language; nulls go last either way.
 */
export function sortRows<T>(
  rows: readonly T[],
  sort: Sort | null,
  value: (row: T, column: string) => SortValue,
  locale = 'zh-CN',
): T[] {
  if (!sort?.direction) {
    return [...rows];
  }
  const sign = sort.direction === 'asc' ? 1 : -1;
  const collator = new Intl.Collator(locale, { numeric: true });
  return rows
    .map((row, index) => ({ row, index, key: value(row, sort.active) }))
    .sort((a, b) => {
      if (a.key === null || b.key === null) {
        return a.key === b.key ? a.index - b.index : a.key === null ? 1 : -1;
      }
      const order =
        typeof a.key === 'number' && typeof b.key === 'number'
          ? a.key - b.key
          : collator.compare(String(a.key), String(b.key));
      return sign * order || a.index - b.index;
    })
    .map((entry) => entry.row);
}
