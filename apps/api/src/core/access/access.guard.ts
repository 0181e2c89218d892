import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { type Permission, hasAnyPermission } from '@zibo/domain';
import { ProblemException, problems } from '../problems/problem.exception';
import { ACCESS_RULE, type AccessRule } from './access.decorator';
import type { GuardedRequest } from './access-denials';
import type { AuthUser } from './auth-user';
import { ResourceVisibilityRegistry } from './resource-visibility.registry';

/** Bearer-token authentication through passport-jwt, answering 401 as a problem. */
class BearerGuard extends AuthGuard('jwt') {
  override handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
    // The strategy's own answer (503 while the database is down) is not a bad token: a 401 here
    // would sign every user out of the web app during an outage.
    if (error instanceof ProblemException) throw error;
    if (error || !user) throw problems.unauthenticated('Sign in again: the token is missing, invalid or expired.');
    return user;
  }
}

/** A rule's permission as a list: any one of them admits the caller. */
export function requiredPermissions(permission: Permission | readonly Permission[]): readonly Permission[] {
  return typeof permission === 'string' ? [permission] : permission;
}

/** Global guard enforcing each route's declared access rule. */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly bearer = new BearerGuard();

  constructor(
    private readonly reflector: Reflector,
    private readonly visibility: ResourceVisibilityRegistry,
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

    await this.bearer.canActivate(context);
    const request = context.switchToHttp().getRequest<GuardedRequest & { user: AuthUser }>();
    const user = request.user;
    if (rule.resource) {
      // A refusal of this request is recorded against this record type (access-denials.ts).
      request.accessResource = rule.resource;
      const id = request.params['id'];
      if (!(await this.visibility.isVisible(rule.resource, user, typeof id === 'string' ? id : undefined))) {
        throw problems.notFound(rule.resource);
      }
    }
    if (rule.permission && !hasAnyPermission(user.role, requiredPermissions(rule.permission))) {
      throw problems.forbidden();
    }
    return true;
  }
}
