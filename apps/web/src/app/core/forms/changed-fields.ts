type Values = Record<string, unknown>;

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The fields of `values` that differ from `base` (what a PATCH sends, what a draft keeps). */
export function changedFields(values: Values, base: Values, exclude: readonly string[] = []): Values {
  const changes: Values = {};
  for (const [field, value] of Object.entries(values)) {
    if (!exclude.includes(field) && !sameValue(value, base[field])) {
      changes[field] = value;
    }
  }
  return changes;
}
