import { Injectable } from '@nestjs/common';
import { type DepartmentView, createDepartmentSchema, updateDepartmentSchema } from '@zibo/domain';
import { UnitOfWork } from '../../core/database/unit-of-work';
import type { Command } from '../../core/http/command';
import { problems } from '../../core/problems/problem.exception';
import { DUPLICATES } from '../../core/problems/unique-violation';
import { AuditWriter, changedFields } from '../audit';
import { Department } from './department.entity';

export function toDepartmentView(department: Department): DepartmentView {
  return {
    id: department.id,
    code: department.code,
    name: department.name,
    nameEn: department.nameEn,
    active: department.active,
    supervisingLeaderId: department.supervisingLeaderId,
    version: department.version,
  };
}

const auditedFields = (d: Department) => ({
  code: d.code,
  name: d.name,
  nameEn: d.nameEn,
  active: d.active,
  supervisingLeaderId: d.supervisingLeaderId,
});

@Injectable()
export class DepartmentsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditWriter,
  ) {}

  /** All departments by code: a small reference list, sent whole. */
  async list(): Promise<DepartmentView[]> {
    const rows = await this.unitOfWork.run((tx) => tx.getRepository(Department).find({ order: { code: 'ASC' } }));
    return rows.map(toDepartmentView);
  }

  async get(id: string): Promise<DepartmentView> {
    const department = await this.unitOfWork.run((tx) => tx.getRepository(Department).findOneBy({ id }));
    if (!department) throw problems.notFound('department');
    return toDepartmentView(department);
  }

  async exists(id: string): Promise<boolean> {
    return this.unitOfWork.run((tx) => tx.getRepository(Department).existsBy({ id }));
  }

  async create(command: Command): Promise<DepartmentView> {
    const { actor } = command;
    const input = command.parse(createDepartmentSchema);
    return this.unitOfWork.run(async (tx) => {
      const repository = tx.getRepository(Department);
      if (await repository.existsBy({ code: input.code })) {
        throw problems.unprocessable([DUPLICATES.departmentCode]);
      }
      const department = repository.create({ code: input.code, name: input.name, nameEn: input.nameEn ?? null });
      await repository.save(department);
      await this.audit.append(tx, {
        actor,
        action: 'department.create',
        entityType: 'department',
        entityId: department.id,
        departmentId: department.id,
        after: auditedFields(department),
      });
      return toDepartmentView(department);
    });
  }

  async update(id: string, command: Command): Promise<DepartmentView> {
    const { actor } = command;
    return this.unitOfWork.run(async (tx) => {
      const repository = tx.getRepository(Department);
      const department = await repository.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!department) throw problems.notFound('department');
      const input = command.parse(updateDepartmentSchema);
      command.checkVersion(department.version, true);
      const before = auditedFields(department);
      if (input.name !== undefined) department.name = input.name;
      if (input.nameEn !== undefined) department.nameEn = input.nameEn;
      if (input.active !== undefined) department.active = input.active;
      if (input.supervisingLeaderId !== undefined) {
        // 分管领导 is a member of the committee (who reads every task); anyone else is refused.
        if (input.supervisingLeaderId !== null) {
          const leaders: unknown[] = await tx.query(
            `SELECT 1 FROM app_user WHERE id = $1 AND role = 'committee' AND NOT locked`,
            [input.supervisingLeaderId],
          );
          if (!leaders.length) {
            throw problems.unprocessable([
              { field: 'supervisingLeaderId', code: 'not_committee', message: 'Must be an active committee member' },
            ]);
          }
        }
        department.supervisingLeaderId = input.supervisingLeaderId;
      }
      const diff = changedFields(before, auditedFields(department));
      if (!diff) return toDepartmentView(department);
      await repository.save(department);
      await this.audit.append(tx, {
        actor,
        action: 'department.update',
        entityType: 'department',
        entityId: department.id,
        departmentId: department.id,
        ...diff,
      });
      return toDepartmentView(department);
    });
  }
}
