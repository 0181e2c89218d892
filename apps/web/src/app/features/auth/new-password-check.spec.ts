import { newPasswordProblem } from './new-password-check';

describe('What the password pages check before asking the api', () => {
  it.each([
    ['too short', 'short', 'short', 'security.tooShort'],
    ['with the username inside', 'my-HEAD.ECON-password', 'my-HEAD.ECON-password', 'security.containsUsername'],
    ['typed differently twice', 'lantern-crane-kite', 'lantern-crane-kitE', 'security.mismatch'],
    ['long enough, no composition rules', 'lanterncranekite', 'lanterncranekite', null],
  ])('%s → %s', (_case, password, repeated, key) => {
    expect(newPasswordProblem(password, repeated, 'head.econ')).toBe(key);
  });
});
