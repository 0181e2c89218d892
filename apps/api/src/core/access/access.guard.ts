import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { hasPermission } from '@zibo/domain';
import { problems } from '../problems/problem.exception';
import { ACCESS_RULE, type AccessRule } from './access.decorator';
import type { AuthUser } from './auth-user';
import { BearerAuthenticator } from './bearer-authenticator';
import { ResourceVisibilityRegistry } from './resource-visibility.registry';

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

    const request = context.switchToHttp().getRequest<Request & { user: AuthUser }>();
    const user = await this.bearer.authenticate(request, rule.step);
    request.user = user;
    if (rule.resource) {
      const id = request.params['id'];
      if (!(await this.visibility.isVisible(rule.resource, user, typeof id === 'string' ? id : undefined))) {
        throw problems.notFound(rule.resource);
      }
    }
    if (rule.permission && !hasPermission(user.role, rule.permission)) {
      throw problems.forbidden();
    }
    return true;
  }
}
