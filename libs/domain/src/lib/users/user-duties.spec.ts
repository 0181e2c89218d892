import { ROLES, type Role } from '../auth/roles';
import {
  type UserField,
  creatableRoles,
  editableUserFields,
  refuseUserChange,
  refuseUserCreation,
} from './user-duties';

const SOMEONE = 'b3c1f0de-8a5e-4d7e-9d0b-2f6e1c3a4b5d';
const SELF = '0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a';

describe('Who changes which field of a user (PATCH /api/users/:id)', () => {
  const VALUES: Record<UserField, unknown> = {
    displayName: '新名字',
    departmentId: null,
    email: 'li.si@example.cn',
    password: 'Fresh#2022abc',
    role: 'committee',
    locked: true,
  };
  // The field split of 三员分立, field by field: who may set it; everyone else is refused.
  const table: [UserField, Role[]][] = [
    ['displayName', ['admin']],
    ['departmentId', ['admin']],
    ['email', ['admin']],
    ['password', ['admin']],
    ['role', ['security_admin']],
    ['locked', ['security_admin']],
  ];

  it.each(table)('%s may be set by exactly %j', (field, roles) => {
    const allowed = ROLES.filter(
      (role) => refuseUserChange({ id: SELF, role }, SOMEONE, { [field]: VALUES[field] }) === null,
    );
    expect(allowed).toEqual(roles);
  });

  it('refuses a change that mixes in one field the caller may not set, naming it', () => {
    expect(refuseUserChange({ id: SELF, role: 'admin' }, SOMEONE, { displayName: '甲', locked: false })).toEqual({
      reason: 'permission',
      fields: ['locked'],
    });
  });

  it('lists for each role the fields its form offers', () => {
    expect(editableUserFields('admin')).toEqual(['displayName', 'departmentId', 'email', 'password']);
    expect(editableUserFields('security_admin')).toEqual(['role', 'locked']);
    for (const role of ['committee', 'dept_head', 'dept_staff', 'auditor'] as const) {
      expect(editableUserFields(role)).toEqual([]);
    }
  });

  it('lets nobody change their own role or lock themselves', () => {
    const me = { id: SELF, role: 'security_admin' as const };
    expect(refuseUserChange(me, SELF, { role: 'admin' })).toEqual({ reason: 'self', fields: ['role'] });
    expect(refuseUserChange(me, SELF, { locked: true })).toEqual({ reason: 'self', fields: ['locked'] });
    // Naming the role one already has, or unlocking, changes nothing of one's own access.
    expect(refuseUserChange(me, SELF, { role: 'security_admin', locked: false })).toBeNull();
    expect(refuseUserChange(me, SOMEONE, { role: 'admin', locked: true })).toBeNull();
  });

  it('leaves unknown fields and bodies that are not objects to the schema (400)', () => {
    expect(refuseUserChange({ id: SELF, role: 'admin' }, SOMEONE, { nickname: 'x' })).toBeNull();
    expect(refuseUserChange({ id: SELF, role: 'admin' }, SOMEONE, ['role'])).toBeNull();
    expect(refuseUserChange({ id: SELF, role: 'admin' }, SOMEONE, null)).toBeNull();
  });
});

describe('Which roles a new account may get (POST /api/users)', () => {
  it('lets the account maker give department roles only', () => {
    expect(creatableRoles('admin')).toEqual(['dept_head', 'dept_staff']);
    for (const role of ['security_admin', 'committee', 'dept_head', 'dept_staff', 'auditor'] as const) {
      expect(creatableRoles(role)).toEqual([]);
    }
  });

  it.each([
    ['dept_head', null],
    ['dept_staff', null],
    ['admin', 'role'],
    ['security_admin', 'role'],
    ['committee', 'role'],
    ['auditor', 'role'],
    // Not a role at all: a shape error for the schema, not a refusal.
    ['root', null],
    [undefined, null],
  ] as const)('an administrator creating a %s account → refused: %s', (role, reason) => {
    expect(refuseUserCreation('admin', { username: 'li.si', role })?.reason ?? null).toBe(reason);
  });
});
