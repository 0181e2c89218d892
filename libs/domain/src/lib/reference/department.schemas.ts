import * as z from 'zod';
import { TEXT_LIMITS } from '../common/text-limits';
import { codeSchema, optionalText, requiredText, uuidSchema } from '../validation/common.schemas';

export const createDepartmentSchema = z.strictObject({
  code: codeSchema,
  name: requiredText(TEXT_LIMITS.name),
  nameEn: optionalText(TEXT_LIMITS.name).nullable().optional(),
});
export type CreateDepartmentInput = z.output<typeof createDepartmentSchema>;

export const updateDepartmentSchema = z
  .strictObject({
    name: requiredText(TEXT_LIMITS.name).optional(),
    nameEn: optionalText(TEXT_LIMITS.name).nullable().optional(),
    active: z.boolean().optional(),
    supervisingLeaderId: uuidSchema.nullable().optional(),
  })
  .refine((value) => Object.keys(value).length > 0, { message: 'Nothing to change' });
export type UpdateDepartmentInput = z.output<typeof updateDepartmentSchema>;
