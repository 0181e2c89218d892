import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiBody, ApiQuery } from '@nestjs/swagger';
import { z } from 'zod';

type JsonSchema = Record<string, unknown>;

/** OpenAPI 3.0 schema of a domain (zod) schema: the document shows exactly what is validated. */
export function openApiSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' });
}

export const ApiBodySchema = (schema: z.ZodType, description?: string) =>
  ApiBody({ schema: openApiSchemaOf(schema), description });

/** Marks a route that reads a query string; every other route takes none (see QueryParametersInterceptor). */
export const QUERY_SCHEMA = 'zibo:query-schema';

/** Documents each property of a query schema as a query parameter (the handler parses the query with it). */
export function ApiQuerySchema(schema: z.ZodType) {
  const json = openApiSchemaOf(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return applyDecorators(
    SetMetadata(QUERY_SCHEMA, schema),
    ...Object.entries(json.properties ?? {}).map(([name, property]) =>
      ApiQuery({ name, required: json.required?.includes(name) ?? false, schema: property }),
    ),
  );
}
