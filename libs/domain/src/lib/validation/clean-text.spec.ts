import { createDepartmentSchema } from '../reference/department.schemas';
import { loginSchema } from '../auth/auth.schemas';
import { createTaskSchema, listTasksQuerySchema } from '../tasks/task.schemas';
import { createUserSchema } from '../users/user.schemas';
import { cleanString, cleanedText, escapedText, forbiddenCharacterIn } from './clean-text';
import { parseInput } from './parse-input';

const fieldsOf = (result: ReturnType<typeof parseInput>) =>
  result.ok ? [] : result.errors.map((e) => `${e.field}:${e.code}`);

describe('The text rule', () => {
  it.each([
    ['plain Chinese text', '推进国家级科技企业孵化器提质扩容', null],
    ['tab, line feed and carriage return', 'a\tb\nc\r\nd', null],
    ['a character outside the BMP (a pair of surrogates)', '𠀀 😀 𝄞', null],
    ['private-use and rare planes', '\u{E000}\u{F0000}\u{100000}', null],
    ['U+FFFD, the replacement character', '\uFFFD', null],
    ['U+FDCF and U+FDF0, beside the non-character block', '\uFDCF\uFDF0', null],
    ['NUL', 'a\u0000b', 'U+0000'],
    ['another C0 control', 'a\u0001b', 'U+0001'],
    ['vertical tab', 'a\u000Bb', 'U+000B'],
    ['form feed', '\u000C', 'U+000C'],
    ['escape', '\u001B[31m', 'U+001B'],
    ['unit separator, the last C0', '\u001F', 'U+001F'],
    ['DEL', 'a\u007Fb', 'U+007F'],
    ['a C1 control', 'a\u0080b', 'U+0080'],
    ['the last C1 control', '\u009F', 'U+009F'],
    ['a lone high surrogate', 'a\uD800b', 'U+D800'],
    ['a lone low surrogate', 'a\uDFFFb', 'U+DFFF'],
    ['a pair in the wrong order', '\uDC00\uD800', 'U+DC00'],
    ['U+FDD0, first of the non-character block', '\uFDD0', 'U+FDD0'],
    ['U+FDEF, last of the non-character block', '\uFDEF', 'U+FDEF'],
    ['U+FFFE', '\uFFFE', 'U+FFFE'],
    ['U+FFFF', 'x\uFFFF', 'U+FFFF'],
    ['U+1FFFE', '\u{1FFFE}', 'U+1FFFE'],
    ['U+10FFFF, the last code point', '\u{10FFFF}', 'U+10FFFF'],
  ])('%s → %s', (_name, text, forbidden) => {
    expect(forbiddenCharacterIn(text)).toBe(forbidden);
  });

  it.each([
    ['e + combining acute (NFD)', 'e\u0301', '\u00E9'],
    ['Hangul jamo', '\u1100\u1161', '\uAC00'],
    ['already NFC', '局', '局'],
    ['a compatibility character stays (NFC, not NFKC)', '\uFF21', '\uFF21'],
  ])('normalises %s to NFC', (_name, text, stored) => {
    expect(cleanString().parse(text)).toBe(stored);
  });

  it('drops forbidden characters from names the client did not type (file names)', () => {
    expect(cleanedText('re\u0000port\u007F\uFFFE\uD800.pdf')).toBe('report.pdf');
    expect(cleanedText('e\u0301.pdf')).toBe('\u00E9.pdf');
  });
});

describe('The text rule in the input schemas', () => {
  it('names the field and the code, and nothing else about it', () => {
    expect(fieldsOf(parseInput(createDepartmentSchema, { code: 'ok', name: '局\u0000' }))).toEqual([
      'name:invalid_characters',
    ]);
    expect(fieldsOf(parseInput(createDepartmentSchema, { code: 'a\u0000', name: '局' }))).toEqual([
      'code:invalid_characters',
    ]);
  });

  it('checks nested text and the search query', () => {
    const task = {
      workItemCode: 'FA1.1',
      title: '任务',
      leadDepartmentId: '00000000-0000-4000-8000-000000000000',
      dueDate: '2021-12-31',
      milestones: [{ title: '里程碑\uDFFF', plannedDate: '2021-06-30' }],
    };
    expect(fieldsOf(parseInput(createTaskSchema, task))).toEqual(['milestones.0.title:invalid_characters']);
    expect(fieldsOf(parseInput(listTasksQuerySchema, { q: '\u0085' }))).toEqual(['q:invalid_characters']);
  });

  it('checks the sign-in username but never the password', () => {
    expect(fieldsOf(parseInput(loginSchema, { username: 'admin\u007F', password: 'x' }))).toEqual([
      'username:invalid_characters',
    ]);
    expect(parseInput(loginSchema, { username: 'admin', password: 'e\u0301\u0000\uD800' })).toEqual({
      ok: true,
      value: { username: 'admin', password: 'e\u0301\u0000\uD800' },
    });
  });

  it('leaves a new password byte for byte (not normalised)', () => {
    const user = { username: 'new.user', displayName: 'e\u0301', role: 'auditor', password: 'Secre\u0301t#2021' };
    expect(parseInput(createUserSchema, user)).toMatchObject({
      ok: true,
      value: { displayName: '\u00E9', password: 'Secre\u0301t#2021' },
    });
  });

  it('escapes what it cannot keep when the text is evidence of what was sent', () => {
    expect(escapedText('abc\u0000\u007F\uD800\u{10FFFF}x')).toBe('abc\\u0000\\u007f\\ud800\\u{10ffff}x');
    expect(escapedText('任务-1')).toBe('任务-1');
    expect(forbiddenCharacterIn(escapedText('\u0000\uDFFF\uFFFE'))).toBeNull();
  });
});
