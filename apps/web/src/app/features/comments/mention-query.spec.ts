import { insertMention, mentionQueryAt, mentionsInText } from './mention-query';

describe('Mention autocomplete', () => {
  it.each([
    ['请 @经济', 5, { start: 2, query: '经济' }],
    ['@', 1, { start: 0, query: '' }],
    ['请 @经济 局', 7, null],
    ['没有提到', 4, null],
  ])('finds the name typed at the caret in %j', (text, caret, expected) => {
    expect(mentionQueryAt(text, caret)).toEqual(expected);
  });

  it('replaces the typed part with the chosen name and a space', () => {
    expect(insertMention('请 @经济 看', { start: 2, query: '经济' }, '经济发展局负责人')).toEqual({
      text: '请 @经济发展局负责人  看',
      caret: 12,
    });
  });

  it('keeps only the users still named in the text, once each', () => {
    const chosen = [
      { id: 'a', displayName: '甲' },
      { id: 'b', displayName: '乙' },
      { id: 'a', displayName: '甲' },
    ];
    expect(mentionsInText('@甲 请处理', chosen)).toEqual(['a']);
  });
});
