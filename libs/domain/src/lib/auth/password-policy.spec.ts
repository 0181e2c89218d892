import { passwordPolicyErrors } from './password-policy';

describe('Password policy (ASVS 5.0 V6.2)', () => {
  const common = new Set(['password1234', 'qwertyuiop123']);
  const check = (password: string, username = 'head.econ') =>
    passwordPolicyErrors(password, { username, field: 'newPassword', isCommon: (p) => common.has(p) }).map(
      (e) => e.code,
    );

  it.each([
    ['11 characters', 'abcdefghijk', ['too_small']],
    ['12 characters, lower-case letters only (no composition rules)', 'correcthorse', []],
    ['a passphrase with spaces', 'ein langer satz', []],
    ['Chinese characters, 12 of them', '春眠不觉晓处处闻啼鸟夜来', []],
    ['129 characters', 'a'.repeat(129), ['too_big']],
    ['128 characters', 'b'.repeat(128), []],
    ['the username inside', 'my-head.econ-2021', ['contains_username']],
    ['the username in another case', 'HEAD.ECON.secret!', ['contains_username']],
    ['on the common list', 'password1234', ['common_password']],
    ['on the common list in capitals', 'Password1234', ['common_password']],
    ['long and unusual', 'Zibo-督办-2021-spring', []],
  ])('%s → %j', (_case, password, codes) => {
    expect(check(password)).toEqual(codes);
  });

  it('without a list (the web app), only length and the username are checked', () => {
    expect(passwordPolicyErrors('password1234', { username: 'x.y', field: 'password' })).toEqual([]);
  });

  it('names the field it was given', () => {
    expect(passwordPolicyErrors('short', { username: 'a', field: 'password' })[0]?.field).toBe('password');
  });
});
