import { amrHasSecondFactor } from './single-sign-on';

describe('A provider sign-in satisfies the MFA rule', () => {
  it.each<[unknown, boolean]>([
    [['pwd', 'otp'], true],
    [['mfa'], true],
    [['hwk'], true],
    [['pwd', 'sms'], true],
    [['pwd'], false],
    [['kba'], false],
    [[], false],
    [undefined, false],
    ['mfa', false],
    [[{ mfa: true }], false],
  ])('amr %j → %s', (amr, expected) => {
    expect(amrHasSecondFactor(amr)).toBe(expected);
  });
});
