import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AccessDenials } from './access/access-denials';
import { AccessGuard } from './access/access.guard';
import { ResourceVisibilityRegistry } from './access/resource-visibility.registry';
import { UnitOfWork } from './database/unit-of-work';
import { QueryParametersInterceptor } from './http/query-parameters.interceptor';
import { IdempotencyService } from './idempotency/idempotency.service';
import { ProblemFilter } from './problems/problem.filter';

/** Cross-cutting providers every feature uses: transactions, access checks, problem responses. */
@Global()
@Module({
  providers: [
    UnitOfWork,
    ResourceVisibilityRegistry,
    AccessDenials,
    IdempotencyService,
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_FILTER, useClass: ProblemFilter },
    { provide: APP_INTERCEPTOR, useClass: QueryParametersInterceptor },
  ],
  exports: [UnitOfWork, ResourceVisibilityRegistry, AccessDenials, IdempotencyService],
})
export class CoreModule {}
