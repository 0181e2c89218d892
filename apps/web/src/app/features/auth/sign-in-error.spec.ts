import type { Problem } from '@zibo/domain';
import { ApiError } from '../../core/api/api-error';
import { signInErrorMessage } from './sign-in-error';

const problem = (status: number): Problem => ({ type: 'about:blank', title: 't', status });

describe('What the sign-in page says when signing in fails', () => {
  it('a wrong username or password', () => {
    expect(signInErrorMessage(new ApiError(401, problem(401)))).toEqual({ key: 'login.wrongCredentials' });
  });

  it('a locked account, with the minutes to wait rounded up', () => {
    expect(signInErrorMessage(new ApiError(429, problem(429), 14 * 60 + 1))).toEqual({
      key: 'login.lockedOut',
      params: { minutes: 15 },
    });
  });

  it('a lock about to end still says at least one minute', () => {
    expect(signInErrorMessage(new ApiError(429, problem(429), 5))).toEqual({
      key: 'login.lockedOut',
      params: { minutes: 1 },
    });
  });

  it('an account an administrator has locked', () => {
    expect(signInErrorMessage(new ApiError(403, problem(403)))).toEqual({ key: 'login.accountLocked' });
  });

  it('no answer from the server', () => {
    expect(signInErrorMessage(new ApiError(0, problem(0)))).toEqual({ key: 'errors.network' });
  });

  it('a server failure', () => {
    expect(signInErrorMessage(new ApiError(500, problem(500)))).toEqual({ key: 'errors.server' });
  });

  it('the service unavailable for now (its database down): try again shortly', () => {
    expect(signInErrorMessage(new ApiError(503, problem(503)))).toEqual({ key: 'errors.unavailable' });
  });
});
