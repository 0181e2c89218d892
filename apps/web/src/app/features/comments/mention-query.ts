/**
 * The `@name` being typed at the caret, if any: the text after the last `@` before the caret,
 * when it holds no whitespace. Returns where it starts (the `@`) and the query without the `@`.
 */
export function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0) return null;
  const query = before.slice(at + 1);
  if (/\s/u.test(query) || query.length > 30) return null;
  return { start: at, query };
}

/** The text with the `@query` at `start` replaced by `@name ` and the caret after it. */
export function insertMention(
  text: string,
  mention: { start: number; query: string },
  name: string,
): { text: string; caret: number } {
  const head = `${text.slice(0, mention.start)}@${name} `;
  return { text: head + text.slice(mention.start + 1 + mention.query.length), caret: head.length };
}

/** The ids of the chosen users whose `@name` is still in the text (a deleted mention names no one). */
export function mentionsInText(text: string, chosen: readonly { id: string; displayName: string }[]): string[] {
  return [...new Set(chosen.filter((u) => text.includes(`@${u.displayName}`)).map((u) => u.id))];
}
