import { hasAnyAction, userActions } from './user-actions';

const ME = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const SOMEONE = { id: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' };

describe('What the users page offers for a user (三员分立)', () => {
  it('offers the system administrator the profile and a password reset, never the role or the lock', () => {
    expect(userActions({ id: ME, role: 'admin' }, SOMEONE)).toEqual({
      profileFields: ['displayName', 'departmentId', 'email'],
      changeRole: false,
      resetPassword: true,
      lock: false,
      resetSecondFactor: false,
    });
  });

  it('offers the security administrator the role, the lock and the second factor, never the profile or password', () => {
    expect(userActions({ id: ME, role: 'security_admin' }, SOMEONE)).toEqual({
      profileFields: [],
      changeRole: true,
      resetPassword: false,
      lock: true,
      resetSecondFactor: true,
    });
  });

  it('offers nobody their own role or lock', () => {
    const self = userActions({ id: ME, role: 'security_admin' }, { id: ME });
    expect(self.changeRole).toBe(false);
    expect(self.lock).toBe(false);
  });

  it.each(['committee', 'dept_head', 'dept_staff', 'auditor'] as const)('offers %s nothing', (role) => {
    expect(hasAnyAction(userActions({ id: ME, role }, SOMEONE))).toBe(false);
  });
});
