import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { AccessDenials } from './access/access-denials';
import { ResourceVisibilityRegistry } from './access/resource-visibility.registry';
import { UnitOfWork } from './database/unit-of-work';
import { QueryParametersInterceptor } from './http/query-parameters.interceptor';
import { IdempotencyService } from './idempotency/idempotency.service';
import { ProblemFilter } from './problems/problem.filter';

/**
 * Cross-cutting providers every feature uses: transactions, access checks, problem responses. Global on
 * purpose: it is no feature, every feature stands on it, and it imports none. The access guard is
 * registered by the app (app.module.ts), which imports the auth feature that tells it who is calling.
 */
@Global()
@Module({
  providers: [
    UnitOfWork,
    ResourceVisibilityRegistry,
    AccessDenials,
    IdempotencyService,
    { provide: APP_FILTER, useClass: ProblemFilter },
    { provide: APP_INTERCEPTOR, useClass: QueryParametersInterceptor },
  ],
  exports: [UnitOfWork, ResourceVisibilityRegistry, AccessDenials, IdempotencyService],
})
export class CoreModule {}
