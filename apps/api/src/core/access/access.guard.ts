import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type Permission, hasAnyPermission } from '@zibo/domain';
import { problems } from '../problems/problem.exception';
import { ACCESS_RULE, type AccessRule } from './access.decorator';
import type { GuardedRequest } from './access-denials';
import type { AuthUser } from './auth-user';
import { BearerAuthenticator } from './bearer-authenticator';
import { ResourceVisibilityRegistry } from './resource-visibility.registry';

/** A rule's permission as a list: any one of them admits the caller. */
export function requiredPermissions(permission: Permission | readonly Permission[]): readonly Permission[] {
  return typeof permission === 'string' ? [permission] : permission;
}

/** Global guard enforcing each route's declared access rule. */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly visibility: ResourceVisibilityRegistry,
    private readonly bearer: BearerAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule) {
      // Fail closed: a route nobody declared access for is a bug, never an open door.
      throw problems.forbidden('This route declares no access rule.');
    }
    if (rule.kind === 'public') return true;

    const request = context.switchToHttp().getRequest<GuardedRequest & { user: AuthUser }>();
    const user = await this.bearer.authenticate(request, rule.step);
    request.user = user;
    if (rule.resource) {
      // A refusal of this request is recorded against this record type (access-denials.ts).
      request.accessResource = rule.resource;
      const id = request.params['id'];
      if (
        !rule.checkedByRead &&
        !(await this.visibility.isVisible(rule.resource, user, typeof id === 'string' ? id : undefined))
      ) {
        throw problems.notFound(rule.resource);
      }
    }
    if (rule.permission && !hasAnyPermission(user.role, requiredPermissions(rule.permission))) {
      throw problems.forbidden();
    }
    return true;
  }
}
