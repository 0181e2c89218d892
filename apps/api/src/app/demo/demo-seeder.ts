import type { DataSource } from 'typeorm';
import { AuditWriter } from '../audit';
import type { PasswordHasher } from '../credentials';
import { Department } from '../departments';
import { User, auditedUserFields } from '../users';
import { DEMO_DEPARTMENTS, DEMO_PASSWORD, demoAccounts } from './demo-data';

/**
 * Fills an empty database with the sample departments and demo accounts, in one transaction and
 * through the audit writer like any other change. Does nothing once any user exists.
 * Returns whether it seeded.
 */
export async function seedDemoData(dataSource: DataSource, hasher: PasswordHasher): Promise<boolean> {
  const audit = new AuditWriter();
  // Every demo account shares one password, so one argon2id hash serves them all (seeding stays fast).
  const passwordHash = await hasher.hash(DEMO_PASSWORD);
  return dataSource.transaction('READ COMMITTED', async (tx) => {
    // Two api processes starting together must not both seed.
    await tx.query('SELECT pg_advisory_xact_lock(720210003)');
    if ((await tx.getRepository(User).count()) > 0) return false;

    const departmentIds = new Map<string, string>();
    for (const sample of DEMO_DEPARTMENTS) {
      const department = await tx.getRepository(Department).save(tx.getRepository(Department).create({ ...sample }));
      departmentIds.set(sample.code, department.id);
      await audit.append(tx, {
        actor: null,
        action: 'department.create',
        entityType: 'department',
        entityId: department.id,
        departmentId: department.id,
        after: { code: department.code, name: department.name, nameEn: department.nameEn, active: true, demo: true },
      });
    }
    for (const account of demoAccounts()) {
      const user = tx.getRepository(User).create({
        username: account.username,
        displayName: account.displayName,
        role: account.role,
        departmentId: account.departmentCode ? (departmentIds.get(account.departmentCode) ?? null) : null,
        passwordHash,
        // Exempt from the second factor and forced change only while DEMO_DATA is on (AccountPolicy).
        demo: true,
        mustChangePassword: true,
      });
      await tx.getRepository(User).save(user);
      await audit.append(tx, {
        actor: null,
        action: 'user.create',
        entityType: 'user',
        entityId: user.id,
        departmentId: user.departmentId,
        after: { ...auditedUserFields(user), demo: true },
      });
    }
    return true;
  });
}
