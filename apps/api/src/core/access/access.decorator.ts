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
  rule: { permission?: Permission | readonly Permission[]; resource?: string; step?: SignInStep } = {},
) => applyDecorators(SetMetadata(ACCESS_RULE, { kind: 'signed-in', ...rule } satisfies AccessRule), ApiBearerAuth());

export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser => {
  const request = context.switchToHttp().getRequest<{ user: AuthUser }>();
  return request.user;
});
