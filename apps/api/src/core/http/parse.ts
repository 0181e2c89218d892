import type { z } from 'zod';
import { parseInput } from '@zibo/domain';
import { problems } from '../problems/problem.exception';

/** Validates a request body or query against a domain schema; 400 naming each bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = parseInput(schema, input ?? {});
  if (!result.ok) throw problems.invalid(result.errors);
  return result.value;
}
