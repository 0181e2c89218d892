/** One key column of a keyset cursor: the column, the cursor's value for it, and the type to cast it to. */
export type KeyColumn = readonly [column: string, value: unknown, type?: string];

/**
 * The WHERE conditions of one list statement and their positional parameters, built together so a
 * filter's `$n` always names its own value: hand-counted placeholders drift when a filter is added.
 */
export class SqlFilter {
  private readonly values: unknown[] = [];
  private readonly conditions: string[] = [];

  /** The number the next parameter gets: for a condition built elsewhere (a visibility rule). */
  get nextParam(): number {
    return this.values.length + 1;
  }

  /** Every parameter, in placeholder order. */
  get params(): unknown[] {
    return [...this.values];
  }

  /** The conditions joined by AND (TRUE without any). */
  get sql(): string {
    return this.conditions.length ? this.conditions.join(' AND ') : 'TRUE';
  }

  /** Appends a value and returns its placeholder. */
  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /** Adds a condition: text with placeholders from `param`, or one with its own parameters numbered from `nextParam`. */
  and(condition: string | { sql: string; params: readonly unknown[] }): void {
    if (typeof condition === 'string') {
      this.conditions.push(condition);
      return;
    }
    this.conditions.push(condition.sql);
    this.values.push(...condition.params);
  }

  /**
   * Takes a fragment built from `nextParam` for another part of the statement (a join, a select-list
   * column): keeps its parameters, gives its SQL back.
   */
  fragment(part: { sql: string; params: readonly unknown[] }): string {
    this.values.push(...part.params);
    return part.sql;
  }

  /** The rows after a keyset cursor on a list ordered by `key`'s columns, descending or ascending. */
  after(key: readonly KeyColumn[], order: 'asc' | 'desc'): void {
    const columns = key.map(([column]) => column).join(', ');
    const values = key.map(([, value, type]) => `${this.param(value)}${type ? `::${type}` : ''}`).join(', ');
    this.and(`(${columns}) ${order === 'desc' ? '<' : '>'} (${values})`);
  }
}

/** An ILIKE pattern matching text that contains `text` literally (its `%`, `_` and `\` escaped). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A text[] literal of constant words (the domain's status names): letters, digits and `_` only. */
export function textArray(words: readonly string[]): string {
  return `ARRAY[${wordList(words)}]::text[]`;
}

/** Constant words as SQL literals for `IN (…)`: letters, digits and `_` only. */
export function wordList(words: readonly string[]): string {
  for (const word of words) if (!/^[a-z0-9_]+$/i.test(word)) throw new Error(`not a plain word: ${word}`);
  return words.map((word) => `'${word}'`).join(', ');
}
