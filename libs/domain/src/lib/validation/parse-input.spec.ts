import { loginSchema, newPasswordSchema } from '../auth/auth.schemas';
import { createDepartmentSchema } from '../reference/department.schemas';
import { createUserSchema, listUsersQuerySchema, updateUserSchema } from '../users/user.schemas';
import { parseInput } from './parse-input';

const fieldsOf = (result: ReturnType<typeof parseInput>) =>
  result.ok ? [] : result.errors.map((e) => `${e.field}:${e.code}`);

describe('parseInput', () => {
  it('returns the parsed value, trimmed', () => {
    expect(parseInput(loginSchema, { username: ' head.econ ', password: 'p' })).toEqual({
      ok: true,
      value: { username: 'head.econ', password: 'p' },
    });
  });

  it('names each unknown field', () => {
    expect(fieldsOf(parseInput(loginSchema, { username: 'a', password: 'b', otp: 1, x: 2 }))).toEqual([
      'otp:unknown_field',
      'x:unknown_field',
    ]);
  });

  it('names wrong types, missing fields and over-long text', () => {
    expect(fieldsOf(parseInput(createDepartmentSchema, { code: 7, name: '局'.repeat(101) }))).toEqual([
      'code:invalid_type',
      'name:too_big',
    ]);
    expect(fieldsOf(parseInput(createDepartmentSchema, {}))).toEqual(['code:invalid_type', 'name:invalid_type']);
  });

  it('reports a body that is not an object against the whole body', () => {
    expect(fieldsOf(parseInput(loginSchema, [1, 2]))).toEqual(['(body):invalid_type']);
  });
});

describe('Input schemas', () => {
  it('takes new passwords of 12 to 128 characters, of any kind (no composition rules)', () => {
    expect(newPasswordSchema.safeParse('onlylettersok').success).toBe(true);
    expect(newPasswordSchema.safeParse('春眠不觉晓处处闻啼鸟夜来').success).toBe(true);
    // The seeded demo password is shorter: only the demo accounts keep it, and only with demo data on.
    expect(newPasswordSchema.safeParse('Demo@2021').success).toBe(false);
    expect(newPasswordSchema.safeParse('x'.repeat(129)).success).toBe(false);
  });

  it('takes usernames as lowercase codes', () => {
    const base = { displayName: '张三', role: 'auditor', password: 'Secret#2021-lamp' };
    expect(parseInput(createUserSchema, { ...base, username: 'head.econ' }).ok).toBe(true);
    expect(parseInput(createUserSchema, { ...base, username: 'Head Econ' }).ok).toBe(false);
  });

  it('refuses an empty change', () => {
    expect(parseInput(updateUserSchema, {}).ok).toBe(false);
  });

  it('pages 50 by default and at most 500', () => {
    expect(parseInput(listUsersQuerySchema, {})).toMatchObject({ ok: true, value: { limit: 50 } });
    expect(parseInput(listUsersQuerySchema, { limit: '500' })).toMatchObject({ ok: true, value: { limit: 500 } });
    expect(fieldsOf(parseInput(listUsersQuerySchema, { limit: '501' }))).toEqual(['limit:too_big']);
    expect(fieldsOf(parseInput(listUsersQuerySchema, { limit: '0' }))).toEqual(['limit:too_small']);
  });
});
