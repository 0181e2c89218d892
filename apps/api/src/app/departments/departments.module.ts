import { Module, type OnModuleInit } from '@nestjs/common';
import { ResourceVisibilityRegistry } from '../../core/access/resource-visibility.registry';
import { DepartmentsController } from './departments.controller';
import { DepartmentsService } from './departments.service';
import { AuditModule } from '../audit';

@Module({ imports: [AuditModule], controllers: [DepartmentsController], providers: [DepartmentsService] })
export class DepartmentsModule implements OnModuleInit {
  constructor(
    private readonly visibility: ResourceVisibilityRegistry,
    private readonly departments: DepartmentsService,
  ) {}

  onModuleInit(): void {
    // The department list is reference data every signed-in user reads.
    this.visibility.register('department', (_caller, id) => this.departments.exists(id));
  }
}
