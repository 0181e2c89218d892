import fc from 'fast-check';
import { RawJson, cleanText, hostileKey, hostileString, hostileValue, objectWith } from './hostile-values';

/** The part of JSON Schema (OpenAPI 3.0 flavour) that zod's export writes. */
export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  minItems?: number;
  maxItems?: number;
  nullable?: boolean;
  default?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

interface OpenApiParameter {
  name: string;
  in: 'query' | 'path' | 'header';
  required?: boolean;
  schema?: JsonSchema;
}

interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
}

/** One endpoint as the OpenAPI document describes it. */
export interface Operation {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** `/api/tasks/{id}/progress` */
  template: string;
  /** JSON body schema, when the endpoint takes one. */
  body: JsonSchema | undefined;
  /** multipart/form-data upload. */
  multipart: boolean;
  query: { name: string; required: boolean; schema: JsonSchema }[];
  pathParameters: string[];
}

const METHODS = new Set(['get', 'post', 'patch', 'put', 'delete']);

/** Every operation of the document: the fuzzer's endpoint list, so endpoints added later are fuzzed too. */
export function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const parameters = operation.parameters ?? [];
      const content = operation.requestBody?.content ?? {};
      operations.push({
        method: method.toUpperCase() as Operation['method'],
        template,
        body: content['application/json']?.schema,
        multipart: 'multipart/form-data' in content,
        query: parameters
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, required: p.required ?? false, schema: p.schema ?? {} })),
        pathParameters: parameters.filter((p) => p.in === 'path').map((p) => p.name),
      });
    }
  }
  return operations;
}

/**
 * A record id to fill in when the request is sent, from the ids in the database then: of the
 * table the hint names (`task`, `department`…), else of any table. `pick` chooses one.
 */
export class IdRef {
  constructor(
    readonly hint: string | undefined,
    readonly pick: number,
  ) {}
}

/** `leadDepartmentId` → `department`; `milestones` → `milestone`. */
export function hintOf(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const words = name
    .replace(/Ids?$/, '')
    .replace(/s$/, '')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
  return words || undefined;
}

const idRef = (hint: string | undefined) => fc.nat().map((pick) => new IdRef(hint, pick));

const validDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const nearDate = fc
  .date({ min: new Date('2020-06-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

interface Context {
  /** Name of the property (or of the array holding the item) being generated. */
  name: string | undefined;
  /** How often a leaf is replaced by a hostile value. */
  hostility: number;
}

function maybeHostile(valid: fc.Arbitrary<unknown>, ctx: Context): fc.Arbitrary<unknown> {
  const hostileWeight = Math.round(ctx.hostility * 100);
  return fc.oneof(
    { weight: 100 - hostileWeight, arbitrary: valid },
    { weight: hostileWeight, arbitrary: hostileValue },
  );
}

function stringFor(schema: JsonSchema, ctx: Context): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.format === 'uuid') {
    return fc.oneof({ weight: 9, arbitrary: idRef(hintOf(ctx.name)) }, { weight: 1, arbitrary: fc.uuid() });
  }
  if (schema.format === 'date')
    return fc.oneof({ weight: 3, arbitrary: nearDate }, { weight: 1, arbitrary: validDate });
  if (schema.format === 'date-time') {
    return fc
      .date({ min: new Date('1900-01-02T00:00:00Z'), max: new Date('2100-12-30T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString());
  }
  const max = Math.min(schema.maxLength ?? 60, 60);
  const min = Math.min(schema.minLength ?? 0, max);
  if (schema.pattern) {
    const matching = fc
      .stringMatching(new RegExp(schema.pattern))
      .map((s) => s.slice(0, schema.maxLength ?? s.length))
      .filter((s) => s.length >= min);
    // Periods and months start with a year: mostly a recent one, so that requests get past the range.
    return schema.pattern.startsWith('^\\d{4}')
      ? fc
          .tuple(matching, fc.integer({ min: 2019, max: 2027 }), fc.integer({ min: 0, max: 3 }))
          .map(([s, year, keep]) => (keep === 0 ? s : `${year}${s.slice(4)}`))
      : matching;
  }
  // Free text: every plane, combining marks, odd spaces; sometimes right at the length limit.
  const limit = schema.maxLength;
  if (limit === undefined || limit > 5000) return cleanText(min, max);
  const fit = (text: string) => withinLength(text, limit);
  return fc.oneof(
    { weight: 9, arbitrary: cleanText(min, max).map(fit) },
    { weight: 1, arbitrary: cleanText(1, 3).map((s) => fit(s.repeat(Math.ceil(limit / s.length)))) },
  );
}

/** At most `limit` UTF-16 units (what the schemas count), never half a surrogate pair. */
function withinLength(text: string, limit: number): string {
  let out = '';
  for (const char of text) {
    if (out.length + char.length > limit) break;
    out += char;
  }
  return out;
}

function numberFor(schema: JsonSchema): fc.Arbitrary<number> {
  const min = typeof schema.minimum === 'number' ? schema.minimum : -1e6;
  const max = typeof schema.maximum === 'number' ? schema.maximum : 1e6;
  if (schema.type === 'integer') return fc.integer({ min: Math.max(min, -1e9), max: Math.min(max, 1e9) });
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/**
 * Values shaped like `schema` (what a client would send), each leaf replaced by a hostile value
 * with probability `hostility`. Optional properties come and go; ids are real records.
 */
export function valueFor(schema: JsonSchema, ctx: Context): fc.Arbitrary<unknown> {
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.length) return fc.oneof(...variants.map((v) => valueFor(v, ctx)));
  if (schema.allOf?.length) return valueFor(Object.assign({}, ...schema.allOf) as JsonSchema, ctx);
  if (schema.const !== undefined) return fc.constant(schema.const);
  let valid: fc.Arbitrary<unknown>;
  switch (schema.type) {
    case 'object': {
      const properties = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const shape = Object.fromEntries(
        Object.entries(properties).map(([name, property]) => [name, valueFor(property, { ...ctx, name })]),
      );
      return fc.record(shape, { requiredKeys: [...required].filter((key) => key in properties) });
    }
    case 'array': {
      // Short lists: every item is one more thing to get right (and huge ones come from hostileValue).
      const maxLength = Math.min(schema.maxItems ?? 3, 3);
      valid = fc.array(valueFor(schema.items ?? {}, ctx), { minLength: schema.minItems ?? 0, maxLength });
      break;
    }
    case 'string':
      valid = stringFor(schema, ctx);
      break;
    case 'integer':
    case 'number':
      valid = numberFor(schema);
      break;
    case 'boolean':
      valid = fc.boolean();
      break;
    default:
      valid = fc.oneof(fc.string(), fc.integer(), fc.boolean());
  }
  if (schema.nullable) valid = fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: fc.constant(null) });
  return maybeHostile(valid, ctx);
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null &&
  typeof value === 'object' &&
  !Array.isArray(value) &&
  !(value instanceof IdRef || value instanceof RawJson);

/** Replaces the value at one path of a (nested) body by a hostile value, or adds a hostile key. */
function mutateOnce(body: unknown): fc.Arbitrary<unknown> {
  const paths: (string | number)[][] = [];
  const walk = (value: unknown, path: (string | number)[]) => {
    paths.push(path);
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, i]));
    else if (isPlainObject(value)) {
      for (const key of Object.keys(value)) walk(value[key], [...path, key]);
    }
  };
  walk(body, []);
  return fc
    .tuple(fc.constantFrom(...paths), hostileValue, fc.boolean(), hostileKey)
    .map(([path, hostile, addKey, key]) => {
      const replace = (value: unknown, rest: (string | number)[]): unknown => {
        if (rest.length === 0) {
          if (addKey && isPlainObject(value)) {
            return objectWith([...Object.entries(value), [key, hostile]]);
          }
          return hostile;
        }
        const [head, ...tail] = rest;
        if (Array.isArray(value)) return value.map((item, i) => (i === head ? replace(item, tail) : item));
        const object = value as Record<string, unknown>;
        return objectWith(Object.keys(object).map((k) => [k, k === head ? replace(object[k], tail) : object[k]]));
      };
      return replace(body, path);
    });
}

/**
 * A JSON body for an operation: mostly shaped like its schema (so requests reach the use case,
 * and some succeed), with hostile leaves, one hostile mutation, or nothing like the schema at all.
 */
export function bodyFor(schema: JsonSchema): fc.Arbitrary<unknown> {
  const shaped = valueFor(schema, { name: undefined, hostility: 0 });
  return fc.oneof(
    { weight: 5, arbitrary: shaped },
    { weight: 3, arbitrary: valueFor(schema, { name: undefined, hostility: 0.08 }) },
    { weight: 3, arbitrary: shaped.chain(mutateOnce) },
    { weight: 1, arbitrary: hostileValue },
  );
}

/** A query value for a declared parameter: shaped like its schema, or hostile. */
export function queryValueFor(name: string, schema: JsonSchema): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: valueFor(schema, { name, hostility: 0 }) },
    // Cut to what fits in a URL: longer ones only meet Node's 431, never our code.
    { weight: 1, arbitrary: hostileString.map((s) => s.slice(0, 1_500)) },
  );
}
