import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { Permission } from '@zibo/domain';
import type { AuthUser } from './auth-user';
import type { SignInStep } from './bearer-authenticator';

export const ACCESS_RULE = 'zibo:access-rule';

export type AccessRule =
  | { kind: 'public' }
  | {
      kind: 'signed-in';
      /** Missing → any signed-in user; a list → any one of them. */
      permission?: Permission | readonly Permission[];
      /** The `:id` route parameter names a record of this type: 404 unless the caller may see it. */
      resource?: string;
      /**
       * The handler's read is the visibility check of `resource`: it reads the record through the
       * same condition and answers 404 itself (malformed ids included), so the guard asks nothing
       * and the request costs one statement less. Only for routes without a permission (a 403
       * must not come before the 404).
       */
      checkedByRead?: true;
      /** The route also takes this sign-in step's token (forced password change, enrolment). */
      step?: SignInStep;
    };

/** The route answers anyone, signed in or not. */
export const Public = () => SetMetadata(ACCESS_RULE, { kind: 'public' } satisfies AccessRule);

/**
 * Who may call the route. Every route declares one (or `@Public()`); the access guard refuses
 * undeclared routes, and a test walks all routes to catch them before they ship.
 * Checks run in the contract's order: 401 (token) → 404 (resource hidden) → 403 (permission).
 */
export const Access = (
  rule:
    | { permission?: Permission | readonly Permission[]; resource?: string; step?: SignInStep; checkedByRead?: never }
    | { resource: string; checkedByRead: true; step?: SignInStep; permission?: never } = {},
) => applyDecorators(SetMetadata(ACCESS_RULE, { kind: 'signed-in', ...rule } satisfies AccessRule), ApiBearerAuth());

export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser => {
  const request = context.switchToHttp().getRequest<{ user: AuthUser }>();
  return request.user;
});
