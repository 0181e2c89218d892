// The sign-in form's check, in a module of its own so that it (and zod under it) loads on demand.
export { loginSchema, parseInput } from '@zibo/domain';
