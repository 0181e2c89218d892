import * as z from 'zod';
import { ROLES } from '../auth/roles';
import { LANGUAGES } from '../common/languages';
import { TEXT_LIMITS } from '../common/text-limits';
import { newPasswordSchema } from '../auth/auth.schemas';
import { codeSchema, optionalText, requiredText, uuidSchema } from '../validation/common.schemas';
import { pageQueryShape } from '../common/paging.schemas';

// 254: the longest address SMTP can carry. The address pattern admits no control characters.
const emailSchema = z.email({ message: 'Not an e-mail address' }).max(254, 'At most 254 characters');

export const createUserSchema = z.strictObject({
  username: codeSchema.max(TEXT_LIMITS.username),
  displayName: requiredText(TEXT_LIMITS.name),
  role: z.enum(ROLES),
  departmentId: uuidSchema.nullable().optional(),
  password: newPasswordSchema,
  email: emailSchema.nullable().optional(),
  language: z.enum(LANGUAGES).optional(),
});
export type CreateUserInput = z.output<typeof createUserSchema>;

export const updateUserSchema = z
  .strictObject({
    displayName: requiredText(TEXT_LIMITS.name).optional(),
    role: z.enum(ROLES).optional(),
    departmentId: uuidSchema.nullable().optional(),
    email: emailSchema.nullable().optional(),
    locked: z.boolean().optional(),
    password: newPasswordSchema.optional(),
  })
  .refine((value) => Object.keys(value).length > 0, { message: 'Nothing to change' });
export type UpdateUserInput = z.output<typeof updateUserSchema>;

export const listUsersQuerySchema = z.strictObject({
  ...pageQueryShape,
  q: optionalText(TEXT_LIMITS.name).optional(),
  role: z.enum(ROLES).optional(),
  departmentId: uuidSchema.optional(),
});
export type ListUsersQuery = z.output<typeof listUsersQuerySchema>;
