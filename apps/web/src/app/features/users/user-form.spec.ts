import type { UserView } from '@zibo/domain';
import { EMPTY_USER, parseCreateUser, parseUpdateUser, userFormValues } from './user-form';

const DEPARTMENT = '8c0d1c55-7d3f-4a51-9d7e-3f0f3a0b6a11';
const OTHER_DEPARTMENT = '1b6f7c2e-2a9a-4f57-8a3d-5a8c9f2d4e10';

const staff: UserView = {
  id: '2f1b7f0e-33a4-4e4e-9a53-0c3f1f2b9d01',
  username: 'staff.econ',
  displayName: '经发局填报员',
  role: 'dept_staff',
  departmentId: DEPARTMENT,
  email: null,
  language: 'zh-CN',
  locked: false,
  version: 3,
};

describe('Creating a user', () => {
  const valid = {
    ...EMPTY_USER,
    username: 'li.si',
    displayName: '李四',
    role: 'dept_head' as const,
    departmentId: DEPARTMENT,
    password: 'Start2021!-lamp',
  };

  it('sends exactly the fields the api expects', () => {
    expect(parseCreateUser(valid)).toEqual({
      ok: true,
      value: {
        username: 'li.si',
        displayName: '李四',
        role: 'dept_head',
        departmentId: DEPARTMENT,
        password: 'Start2021!-lamp',
      },
    });
  });

  it('refuses a department head without a department, on the department field', () => {
    const result = parseCreateUser({ ...valid, departmentId: '' });

    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => e.field)).toEqual(['departmentId']);
  });

  it('sends an e-mail address when one is given', () => {
    const result = parseCreateUser({ ...valid, email: 'li.si@example.cn' });

    expect(result.ok && result.value.email).toBe('li.si@example.cn');
  });

  it('names every invalid field at once', () => {
    const result = parseCreateUser({ ...valid, username: 'X', displayName: ' ', password: 'short' });

    expect(!result.ok && [...new Set(result.errors.map((e) => e.field))].sort()).toEqual([
      'displayName',
      'password',
      'username',
    ]);
  });
});

describe('Editing a user', () => {
  const PROFILE = ['displayName', 'departmentId', 'email'] as const;
  const ALL = [...PROFILE, 'role'] as const;

  it('sends only what changed', () => {
    const result = parseUpdateUser({ ...userFormValues(staff), role: 'dept_head' }, staff, ['role']);

    expect(result).toEqual({ ok: true, value: { role: 'dept_head' } });
  });

  it('has nothing to send when nothing changed', () => {
    expect(parseUpdateUser(userFormValues(staff), staff, ALL)).toBeNull();
  });

  it('never sends a field the editor may not set, even if the form holds a change to it', () => {
    const values = { ...userFormValues(staff), role: 'auditor' as const, displayName: '新名字' };

    expect(parseUpdateUser(values, staff, PROFILE)).toEqual({ ok: true, value: { displayName: '新名字' } });
    expect(parseUpdateUser({ ...userFormValues(staff), role: 'auditor' }, staff, PROFILE)).toBeNull();
  });

  it('moves a user to another department', () => {
    const result = parseUpdateUser({ ...userFormValues(staff), departmentId: OTHER_DEPARTMENT }, staff, PROFILE);

    expect(result).toEqual({ ok: true, value: { departmentId: OTHER_DEPARTMENT } });
  });

  it('sets an e-mail address, and clears it with null', () => {
    const set = parseUpdateUser({ ...userFormValues(staff), email: ' li.si@example.cn ' }, staff, PROFILE);
    const withMail = { ...staff, email: 'li.si@example.cn' };
    const cleared = parseUpdateUser({ ...userFormValues(withMail), email: '' }, withMail, PROFILE);

    expect(set).toEqual({ ok: true, value: { email: 'li.si@example.cn' } });
    expect(cleared).toEqual({ ok: true, value: { email: null } });
  });

  it('refuses an address that is not one, on the e-mail field', () => {
    const result = parseUpdateUser({ ...userFormValues(staff), email: 'li.si' }, staff, PROFILE);

    expect(!result?.ok && result?.errors.map((e) => e.field)).toEqual(['email']);
  });

  it('may take the department away only together with a role that needs none', () => {
    const alone = parseUpdateUser({ ...userFormValues(staff), departmentId: '' }, staff, ALL);
    const withRole = parseUpdateUser({ ...userFormValues(staff), departmentId: '', role: 'auditor' }, staff, ALL);

    expect(alone?.ok).toBe(false);
    expect(withRole).toEqual({ ok: true, value: { departmentId: null, role: 'auditor' } });
  });

  it('refuses a department role for a user without a department, when only the role may change', () => {
    const committee = { ...staff, role: 'committee' as const, departmentId: null };
    const result = parseUpdateUser({ ...userFormValues(committee), role: 'dept_head' }, committee, ['role']);

    expect(!result?.ok && result?.errors.map((e) => e.field)).toEqual(['departmentId']);
  });
});
