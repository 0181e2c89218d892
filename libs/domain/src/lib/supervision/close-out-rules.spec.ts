import {
  type FinalReportFacts,
  allowedCloseOutActions,
  checkCloseRequest,
  closeOutState,
  isApprovedFinalReport,
} from './close-out-rules';

const report = (over: Partial<FinalReportFacts> = {}): FinalReportFacts => ({
  status: 'approved',
  final: true,
  percentComplete: 100,
  ...over,
});
const at = new Date('2026-12-01T10:00:00+08:00');

describe('The final report (办结 needs it approved)', () => {
  it.each([
    ['approved, final, 100 %', report(), true],
    ['approved at 100 % but not marked final', report({ final: false }), false],
    ['marked final at 100 % but only submitted', report({ status: 'submitted' }), false],
    ['marked final at 100 % but returned', report({ status: 'returned' }), false],
    ['approved and final below 100 %', report({ percentComplete: 90 }), false],
  ] as const)('a report %s is final: %s', (_label, facts, expected) => {
    expect(isApprovedFinalReport(facts)).toBe(expected);
  });
});

describe('Close-out state', () => {
  it.each([
    ['no request', null, 'none'],
    ['an open request', { rejectedAt: null, signedAt: null }, 'requested'],
    ['a rejected request', { rejectedAt: at, signedAt: null }, 'rejected'],
    ['a signed request', { rejectedAt: null, signedAt: at }, 'signed'],
  ] as const)('with %s it is %s', (_label, latest, state) => {
    expect(closeOutState(latest)).toBe(state);
  });
});

describe('Requesting close-out (办结销号)', () => {
  it('is allowed on an open task with an approved final report', () => {
    expect(checkCloseRequest({ status: 'in_progress', latest: null, reports: [report()] })).toEqual({ ok: true });
  });

  it('is allowed again after the committee rejected the previous request', () => {
    const latest = { rejectedAt: at, signedAt: null };
    expect(checkCloseRequest({ status: 'in_progress', latest, reports: [report()] })).toEqual({ ok: true });
  });

  it('is refused (422 no_final_report) while no final report is approved', () => {
    const result = checkCloseRequest({
      status: 'in_progress',
      latest: null,
      reports: [report({ final: false }), report({ status: 'submitted' })],
    });
    expect(result).toMatchObject({ ok: false, errors: [{ code: 'no_final_report' }] });
  });

  it.each(['draft', 'completed', 'cancelled'] as const)('is a conflict on a %s task', (status) => {
    expect(checkCloseRequest({ status, latest: null, reports: [report()] })).toMatchObject({ ok: false });
    expect('conflict' in checkCloseRequest({ status, latest: null, reports: [report()] })).toBe(true);
  });

  it('is a conflict while a request is waiting for the committee', () => {
    const latest = { rejectedAt: null, signedAt: null };
    expect(checkCloseRequest({ status: 'in_progress', latest, reports: [report()] })).toMatchObject({
      ok: false,
      conflict: expect.any(String),
    });
  });
});

describe('Close-out actions', () => {
  it.each([
    ['in_progress', null, ['request']],
    ['in_progress', { rejectedAt: null, signedAt: null }, ['attach', 'reject', 'sign']],
    ['assigned', { rejectedAt: at, signedAt: null }, ['request']],
    ['completed', { rejectedAt: null, signedAt: at }, []],
    ['cancelled', null, []],
  ] as const)('a %s task with latest request %o allows %o', (status, latest, actions) => {
    expect(allowedCloseOutActions(status, latest)).toEqual(actions);
  });
});
