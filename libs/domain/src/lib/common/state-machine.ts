/**
 * A small finite state machine: for each state, the actions allowed and the state each leads to.
 * Illegal transitions are answered with the actions that are allowed (409 `allowed`).
 */
export type Transitions<S extends string, A extends string> = Record<S, Partial<Record<A, S>>>;

export type TransitionResult<S extends string, A extends string> =
  { ok: true; to: S } | { ok: false; from: S; action: A; allowed: A[] };

export function transition<S extends string, A extends string>(
  table: Transitions<S, A>,
  from: S,
  action: A,
): TransitionResult<S, A> {
  const to = table[from][action];
  if (to !== undefined) return { ok: true, to };
  return { ok: false, from, action, allowed: allowedActions(table, from) };
}

export function allowedActions<S extends string, A extends string>(table: Transitions<S, A>, from: S): A[] {
  return Object.keys(table[from]) as A[];
}
