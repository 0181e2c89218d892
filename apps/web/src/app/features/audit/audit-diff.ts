/** One field of an audit event's change: its value before and after, as text. */
export interface DiffRow {
  field: string;
  before: string | null;
  after: string | null;
  change: 'added' | 'removed' | 'changed' | 'unchanged';
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Nested objects become dotted paths (`changes.dueDate`); arrays and scalars stay whole. */
function flatten(value: Json | null, prefix = '', into = new Map<string, unknown>()): Map<string, unknown> {
  for (const [key, inner] of Object.entries(value ?? {})) {
    const path = prefix + key;
    if (isObject(inner) && Object.keys(inner).length > 0) {
      flatten(inner, `${path}.`, into);
    } else {
      into.set(path, inner);
    }
  }
  return into;
}

/** A value as people read it: text as is, everything else as compact JSON. */
export function diffText(value: unknown): string {
  if (value === undefined) {
    return '';
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Before and after of an audit event side by side, one row per field, in the order the event
 * names them (fields only in `before` last). The api records changed fields only, so a row
 * present on one side only was added or removed.
 */
export function auditDiff(before: Json | null, after: Json | null): DiffRow[] {
  const old = flatten(before);
  const now = flatten(after);
  const fields = [...now.keys(), ...[...old.keys()].filter((field) => !now.has(field))];
  return fields.map((field) => {
    const inBefore = old.has(field);
    const inAfter = now.has(field);
    const b = inBefore ? diffText(old.get(field)) : null;
    const a = inAfter ? diffText(now.get(field)) : null;
    const change = !inBefore ? 'added' : !inAfter ? 'removed' : a === b ? 'unchanged' : 'changed';
    return { field, before: b, after: a, change };
  });
}

/** The task an audit event belongs to, when the event says so (tasks, and reports, contributions, amendments naming their task). */
export function auditTaskId(event: {
  entityType: string;
  entityId: string | null;
  before: Json | null;
  after: Json | null;
}): string | null {
  if (event.entityType === 'task') {
    return event.entityId;
  }
  const taskId = event.after?.['taskId'] ?? event.before?.['taskId'];
  return typeof taskId === 'string' ? taskId : null;
}
