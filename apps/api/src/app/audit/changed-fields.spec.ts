import { changedFields } from './changed-fields';

describe('changedFields', () => {
  it('keeps only the fields whose values differ', () => {
    expect(changedFields({ a: 1, b: 'x', c: null }, { a: 1, b: 'y', c: null })).toEqual({
      before: { b: 'x' },
      after: { b: 'y' },
    });
  });

  it('returns null when nothing changed, comparing nested values by content', () => {
    expect(changedFields({ a: [1, 2], b: { c: 1 } }, { a: [1, 2], b: { c: 1 } })).toBeNull();
  });

  it('records fields that appear or disappear as null on the other side', () => {
    expect(changedFields({ a: 1 }, { b: 2 })).toEqual({ before: { a: 1, b: null }, after: { a: null, b: 2 } });
  });
});
