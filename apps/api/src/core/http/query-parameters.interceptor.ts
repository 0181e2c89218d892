import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { problems } from '../problems/problem.exception';
import { QUERY_SCHEMA } from './openapi';

/**
 * Unknown query parameters are a 400 (docs/rules.md). A route that reads a query declares its schema
 * (`@ApiQuerySchema`, strict, parsed by the handler); any other route takes no query parameter at
 * all. Runs after the access guard, so 401/404/403 still come first.
 */
@Injectable()
export class QueryParametersInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http' && !this.reflector.get<unknown>(QUERY_SCHEMA, context.getHandler())) {
      const names = Object.keys(context.switchToHttp().getRequest<Request>().query ?? {});
      if (names.length) {
        throw problems.invalid(
          names.map((name) => ({ field: name, code: 'unknown_field', message: `Unknown query parameter "${name}"` })),
        );
      }
    }
    return next.handle();
  }
}
