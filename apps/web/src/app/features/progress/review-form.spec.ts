import { EMPTY_REVIEW, parseReview } from './review-form';

describe('Reviewing a report', () => {
  it('approves with an optional score and comment', () => {
    expect(parseReview({ decision: 'approve', comment: '', score: 90 })).toEqual({
      ok: true,
      value: { decision: 'approve', score: 90 },
    });
  });

  it('returns only with a comment saying why', () => {
    const result = parseReview({ decision: 'return', comment: '  ', score: null });

    expect(!result.ok && result.errors.map((e) => [e.field, e.code])).toEqual([['comment', 'required']]);
    expect(parseReview({ decision: 'return', comment: '请补充数据', score: null }).ok).toBe(true);
  });

  it('asks for a decision and a score between 0 and 100', () => {
    const result = parseReview({ ...EMPTY_REVIEW, score: 120 });

    expect(!result.ok && result.errors.map((e) => e.field).sort()).toEqual(['decision', 'score']);
  });
});
