import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  type FieldError,
  type OidcMappingView,
  checkRoleDepartment,
  createOidcMappingSchema,
  updateOidcMappingSchema,
} from '@zibo/domain';
import { UnitOfWork } from '../../core/database/unit-of-work';
import type { Command } from '../../core/http/command';
import { problems } from '../../core/problems/problem.exception';
import { DUPLICATES } from '../../core/problems/unique-violation';
import { AuditWriter, changedFields } from '../audit';
import { Department } from '../departments';
import { OidcMapping } from './oidc-mapping.entity';

export function toOidcMappingView(mapping: OidcMapping): OidcMappingView {
  return {
    id: mapping.id,
    claimValue: mapping.claimValue,
    role: mapping.role,
    departmentId: mapping.departmentId,
    version: mapping.version,
  };
}

const audited = (m: OidcMapping) => ({ claimValue: m.claimValue, role: m.role, departmentId: m.departmentId });

/** The security administrator's table: which provider claim value gets which role and department. */
@Injectable()
export class OidcMappingsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditWriter,
  ) {}

  async list(): Promise<OidcMappingView[]> {
    const rows = await this.unitOfWork.run((tx) =>
      tx.getRepository(OidcMapping).find({ order: { claimValue: 'ASC' } }),
    );
    return rows.map(toOidcMappingView);
  }

  async get(id: string): Promise<OidcMappingView> {
    const mapping = await this.unitOfWork.run((tx) => tx.getRepository(OidcMapping).findOneBy({ id }));
    if (!mapping) throw problems.notFound('mapping');
    return toOidcMappingView(mapping);
  }

  exists(id: string): Promise<boolean> {
    return this.unitOfWork.run((tx) => tx.getRepository(OidcMapping).existsBy({ id }));
  }

  /** The first of the claim's values that has a mapping (a provider may send one value or a list). */
  async forClaim(tx: EntityManager, values: string[]): Promise<OidcMapping | null> {
    if (values.length === 0) return null;
    const rows = await tx
      .getRepository(OidcMapping)
      .createQueryBuilder('m')
      .where('m.claimValue IN (:...values)', { values })
      .getMany();
    return values.map((value) => rows.find((row) => row.claimValue === value)).find(Boolean) ?? null;
  }

  async create(command: Command): Promise<OidcMappingView> {
    const { actor } = command;
    const input = command.parse(createOidcMappingSchema);
    return this.unitOfWork.run(async (tx) => {
      const repository = tx.getRepository(OidcMapping);
      const departmentId = input.departmentId ?? null;
      const errors = await this.check(tx, input.role, departmentId, true);
      if (await repository.existsBy({ claimValue: input.claimValue })) errors.push(DUPLICATES.oidcClaimValue);
      if (errors.length) throw problems.unprocessable(errors);
      const mapping = repository.create({ claimValue: input.claimValue, role: input.role, departmentId });
      await repository.save(mapping);
      await this.audit.append(tx, {
        actor,
        action: 'oidc_mapping.create',
        entityType: 'oidc_mapping',
        entityId: mapping.id,
        departmentId,
        after: audited(mapping),
      });
      return toOidcMappingView(mapping);
    });
  }

  async update(id: string, command: Command): Promise<OidcMappingView> {
    const { actor } = command;
    const input = command.parse(updateOidcMappingSchema);
    return this.unitOfWork.run(async (tx) => {
      const repository = tx.getRepository(OidcMapping);
      const mapping = await repository.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!mapping) throw problems.notFound('mapping');
      command.checkVersion(mapping.version, true);
      const before = audited(mapping);
      const role = input.role ?? mapping.role;
      const departmentId = input.departmentId !== undefined ? input.departmentId : mapping.departmentId;
      const errors = await this.check(tx, role, departmentId, departmentId !== mapping.departmentId);
      if (
        input.claimValue !== undefined &&
        input.claimValue !== mapping.claimValue &&
        (await repository.existsBy({ claimValue: input.claimValue }))
      ) {
        errors.push(DUPLICATES.oidcClaimValue);
      }
      if (errors.length) throw problems.unprocessable(errors);
      mapping.claimValue = input.claimValue ?? mapping.claimValue;
      mapping.role = role;
      mapping.departmentId = departmentId;
      const diff = changedFields(before, audited(mapping));
      if (!diff) return toOidcMappingView(mapping);
      await repository.save(mapping);
      await this.audit.append(tx, {
        actor,
        action: 'oidc_mapping.update',
        entityType: 'oidc_mapping',
        entityId: mapping.id,
        departmentId: mapping.departmentId,
        ...diff,
      });
      return toOidcMappingView(mapping);
    });
  }

  /** Accounts provisioned through it keep their role and department; new sign-ins of the value stop. */
  async remove(id: string, command: Command): Promise<void> {
    const { actor } = command;
    await this.unitOfWork.run(async (tx) => {
      const repository = tx.getRepository(OidcMapping);
      const mapping = await repository.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!mapping) throw problems.notFound('mapping');
      command.checkVersion(mapping.version, false);
      await repository.delete({ id });
      await this.audit.append(tx, {
        actor,
        action: 'oidc_mapping.delete',
        entityType: 'oidc_mapping',
        entityId: id,
        departmentId: mapping.departmentId,
        before: audited(mapping),
      });
    });
  }

  private async check(
    tx: EntityManager,
    role: OidcMapping['role'],
    departmentId: string | null,
    departmentChanged: boolean,
  ): Promise<FieldError[]> {
    const errors: FieldError[] = [...checkRoleDepartment(role, departmentId)];
    if (departmentId && departmentChanged && !(await tx.getRepository(Department).existsBy({ id: departmentId }))) {
      errors.push({ field: 'departmentId', code: 'unknown', message: 'No such department' });
    }
    return errors;
  }
}
