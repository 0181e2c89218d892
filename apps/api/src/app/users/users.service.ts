import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import {
  type DepartmentView,
  type FieldError,
  type ListUsersQuery,
  type MeView,
  type Page,
  type UserDutyRefusal,
  type UserView,
  TEXT_LIMITS,
  businessDateOf,
  checkRoleDepartment,
  createUserSchema,
  permissionsOf,
  refuseUserChange,
  refuseUserCreation,
  updateMeSchema,
  updateUserSchema,
} from '@zibo/domain';
import type { AuthUser } from '../../core/access/auth-user';
import { Clock } from '../../core/clock';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { containsPattern } from '../../core/database/sql-params';
import { UnitOfWork } from '../../core/database/unit-of-work';
import type { Command } from '../../core/http/command';
import { cursorKey, decodeCursor, encodeCursor } from '../../core/http/cursor';
import { problems } from '../../core/problems/problem.exception';
import { DUPLICATES } from '../../core/problems/unique-violation';
import { AuditWriter, changedFields } from '../audit';
import { AccountPolicy, PasswordHasher, PasswordPolicy } from '../credentials';
import { NotificationsService } from '../notifications';
import { Department } from '../departments';
import { User } from './user.entity';
import { auditedUserFields, toUserView } from './user.view';

const REFUSALS: Record<UserDutyRefusal['reason'], string> = {
  permission: 'Your role may not change',
  self: 'Nobody may change their own role or lock themselves:',
  role: 'New accounts get a department role; the security administrator grants any other. Refused:',
};

/** 403 naming the fields, checked on the body as sent (the contract puts 403 before 400). */
function throwIfRefused(refusal: UserDutyRefusal | null): void {
  if (refusal) throw problems.forbidden(`${REFUSALS[refusal.reason]} ${refusal.fields.join(', ')}.`);
}

const usersCursor = z.tuple([cursorKey.text(TEXT_LIMITS.username)]);

/**
 * A password set by an administrator: it replaces the old one, ends the user's sessions, and the
 * user must change it at the next sign-in.
 */
function resetPassword(user: User, passwordHash: string, now: Date): void {
  user.passwordHash = passwordHash;
  user.sessionVersion += 1;
  user.mustChangePassword = true;
  user.passwordChangedAt = now;
}

@Injectable()
export class UsersService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditWriter,
    private readonly hasher: PasswordHasher,
    private readonly passwordPolicy: PasswordPolicy,
    private readonly accountPolicy: AccountPolicy,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Users ordered by username (unique, so the cursor is stable). */
  async list(query: ListUsersQuery): Promise<Page<UserView>> {
    return this.unitOfWork.run(async (tx) => {
      const builder = tx.getRepository(User).createQueryBuilder('user').orderBy('user.username', 'ASC');
      const [after] = decodeCursor(query.cursor, usersCursor) ?? [];
      if (after !== undefined) builder.andWhere('user.username > :after', { after });
      if (query.q) {
        builder.andWhere('(user.username ILIKE :q OR user.displayName ILIKE :q)', {
          q: containsPattern(query.q),
        });
      }
      if (query.role) builder.andWhere('user.role = :role', { role: query.role });
      if (query.departmentId)
        builder.andWhere('user.departmentId = :departmentId', { departmentId: query.departmentId });
      const rows = await builder.take(query.limit + 1).getMany();
      const items = rows.slice(0, query.limit).map(toUserView);
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > query.limit && last ? encodeCursor([last.username]) : null };
    });
  }

  async get(id: string): Promise<UserView> {
    const user = await this.unitOfWork.run((tx) => tx.getRepository(User).findOneBy({ id }));
    if (!user) throw problems.notFound('user');
    return toUserView(user);
  }

  async create(command: Command): Promise<UserView> {
    const { actor } = command;
    throwIfRefused(refuseUserCreation(actor.role, command.bodyAsSent()));
    const input = command.parse(createUserSchema);
    const passwordHash = await this.hasher.hash(input.password);
    return this.unitOfWork.run(async (tx) => {
      const departmentId = input.departmentId ?? null;
      const errors = [
        ...checkRoleDepartment(input.role, departmentId),
        ...(await this.checkDepartment(tx, departmentId)),
        ...this.passwordPolicy.errors(input.password, input.username),
      ];
      if (await tx.getRepository(User).existsBy({ username: input.username })) {
        errors.push(DUPLICATES.username);
      }
      if (errors.length) throw problems.unprocessable(errors);
      const user = tx.getRepository(User).create({
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        departmentId,
        email: input.email ?? null,
        language: input.language ?? 'zh-CN',
        passwordHash,
        // A password an administrator chose is changed by its user at the first sign-in.
        mustChangePassword: true,
      });
      await tx.getRepository(User).save(user);
      await this.audit.append(tx, {
        actor,
        action: 'user.create',
        entityType: 'user',
        entityId: user.id,
        departmentId,
        after: auditedUserFields(user),
      });
      return toUserView(user);
    });
  }

  async update(id: string, command: Command): Promise<UserView> {
    const { actor } = command;
    throwIfRefused(refuseUserChange(actor, id, command.bodyAsSent()));
    const input = command.parse(updateUserSchema);
    const passwordHash = input.password ? await this.hasher.hash(input.password) : undefined;
    return this.unitOfWork.run(async (tx) => {
      const repository = tx.getRepository(User);
      const user = await repository.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw problems.notFound('user');
      command.checkVersion(user.version, true);

      const before = auditedUserFields(user);
      const role = input.role ?? user.role;
      const departmentId = input.departmentId !== undefined ? input.departmentId : user.departmentId;
      const errors: FieldError[] = [
        ...checkRoleDepartment(role, departmentId),
        ...(input.password ? this.passwordPolicy.errors(input.password, user.username) : []),
      ];
      if (input.departmentId !== undefined && input.departmentId !== user.departmentId) {
        errors.push(...(await this.checkDepartment(tx, departmentId)));
      }
      if (errors.length) throw problems.unprocessable(errors);

      user.displayName = input.displayName ?? user.displayName;
      user.role = role;
      user.departmentId = departmentId;
      if (input.email !== undefined) user.email = input.email;
      user.locked = input.locked ?? user.locked;
      const accessChanged =
        before['role'] !== user.role ||
        before['departmentId'] !== user.departmentId ||
        (before['locked'] === false && user.locked);
      if (accessChanged) user.sessionVersion += 1;
      if (passwordHash) resetPassword(user, passwordHash, this.clock.now());
      const diff = changedFields(before, auditedUserFields(user));
      if (!diff && !passwordHash) return toUserView(user);

      await repository.save(user);
      await this.audit.append(tx, {
        actor,
        action: passwordHash && !diff ? 'user.password_reset' : 'user.update',
        entityType: 'user',
        entityId: user.id,
        departmentId: user.departmentId,
        before: diff?.before ?? {},
        after: { ...(diff?.after ?? {}), ...(passwordHash ? { password: 'reset' } : {}) },
      });
      if (passwordHash) {
        // The user is told: in the app, and by e-mail where an address and SMTP_URL are set (the mailer
        // sends notifications on its runs; without SMTP the notification is the record).
        await this.notifications.notifyUsers(tx, [user.id], {
          kind: 'password_reset',
          payload: { resetAt: this.clock.now().toISOString() },
        });
      }
      return toUserView(user);
    });
  }

  async me(actor: AuthUser): Promise<MeView> {
    return this.unitOfWork.run(async (tx) => {
      const user = await tx.getRepository(User).findOne({ where: { id: actor.id }, relations: { department: true } });
      if (!user) throw problems.unauthenticated();
      return this.toMeView(user);
    });
  }

  async updateMe(command: Command): Promise<MeView> {
    const { actor } = command;
    const input = command.parse(updateMeSchema);
    return this.unitOfWork.run(async (tx) => {
      const repository = tx.getRepository(User);
      const user = await repository.findOne({
        where: { id: actor.id },
        relations: { department: true },
        lock: { mode: 'pessimistic_write', tables: ['app_user'] },
      });
      if (!user) throw problems.unauthenticated();
      if (user.language !== input.language) {
        const before = { language: user.language };
        user.language = input.language;
        await repository.save(user);
        await this.audit.append(tx, {
          actor,
          action: 'user.preferences',
          entityType: 'user',
          entityId: user.id,
          before,
          after: { language: user.language },
        });
      }
      return this.toMeView(user);
    });
  }

  private toMeView(user: User): MeView {
    const department: Pick<DepartmentView, 'id' | 'code' | 'name'> | null = user.department
      ? { id: user.department.id, code: user.department.code, name: user.department.name }
      : null;
    const calendar = {
      timeZone: this.config.businessTimeZone,
      reportDueDay: this.config.reportDueDay,
      today: businessDateOf(this.clock.now(), this.config.businessTimeZone),
    };
    const mfa = { enabled: user.totpEnabledAt !== null, required: this.accountPolicy.mfaRequired(user) };
    return { ...toUserView(user), permissions: [...permissionsOf(user.role)], department, calendar, mfa };
  }

  private async checkDepartment(tx: EntityManager, departmentId: string | null): Promise<FieldError[]> {
    if (!departmentId) return [];
    const department = await tx.getRepository(Department).findOneBy({ id: departmentId });
    if (!department) return [{ field: 'departmentId', code: 'unknown', message: 'No such department' }];
    if (!department.active)
      return [{ field: 'departmentId', code: 'inactive', message: 'This department is inactive' }];
    return [];
  }
}
