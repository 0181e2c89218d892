import * as z from 'zod';
import { ROLES } from './roles';
import { uuidSchema } from '../validation/common.schemas';

// A claim value as providers send them (a department code, a group path such as /zone/econ).
const claimValueSchema = z
  .string()
  .trim()
  .min(1, 'Required')
  .max(200, 'At most 200 characters')
  .regex(/^[^\p{Cc}]+$/u, 'No control characters');

export const createOidcMappingSchema = z.strictObject({
  claimValue: claimValueSchema,
  role: z.enum(ROLES),
  departmentId: uuidSchema.nullable().optional(),
});
export type CreateOidcMappingInput = z.output<typeof createOidcMappingSchema>;

export const updateOidcMappingSchema = z
  .strictObject({
    claimValue: claimValueSchema.optional(),
    role: z.enum(ROLES).optional(),
    departmentId: uuidSchema.nullable().optional(),
  })
  .refine((value) => Object.keys(value).length > 0, { message: 'Nothing to change' });
export type UpdateOidcMappingInput = z.output<typeof updateOidcMappingSchema>;

const callbackValue = z.string().max(4096, 'At most 4096 characters');

/**
 * `GET /api/auth/oidc/callback`: what the provider sends back (RFC 6749 §4.1.2, RFC 9207 `iss`).
 * Loose on purpose: a provider may add parameters of its own (session_state…), which are ignored.
 */
export const oidcCallbackQuerySchema = z.looseObject({
  code: callbackValue.optional(),
  state: callbackValue.optional(),
  iss: callbackValue.optional(),
  error: callbackValue.optional(),
  error_description: callbackValue.optional(),
});
