import { type NoticeColourInput, suggestedNoticeColour } from './notice-colour';

const calm: NoticeColourInput = {
  rag: 'green',
  closedPeriodRags: ['green', 'green'],
  overdueDays: 0,
  highestUrgeLevel: null,
  levelOneUrgePastRespondBy: false,
};

describe('Suggested colour of a supervision notice (the strongest that applies)', () => {
  it.each([
    ['nothing wrong', {}, null],
    ['amber now', { rag: 'amber' }, 'blue'],
    ['a level-1 urge past its respondBy', { highestUrgeLevel: 1, levelOneUrgePastRespondBy: true }, 'blue'],
    ['a level-1 urge not yet due', { highestUrgeLevel: 1 }, null],
    ['red now', { rag: 'red', closedPeriodRags: ['green', 'red'] }, 'yellow'],
    ['a level-2 urge', { highestUrgeLevel: 2, rag: 'amber' }, 'yellow'],
    ['red in the last two closed periods', { rag: 'red', closedPeriodRags: ['red', 'red'] }, 'red'],
    ['red in two periods, not consecutive', { rag: 'red', closedPeriodRags: ['red', 'amber'] }, 'yellow'],
    ['a level-3 urge', { highestUrgeLevel: 3 }, 'red'],
    ['31 days overdue', { rag: 'red', overdueDays: 31 }, 'red'],
    ['30 days overdue', { rag: 'red', overdueDays: 30 }, 'yellow'],
  ] as const)('%s → %s', (_name, overrides, colour) => {
    expect(suggestedNoticeColour({ ...calm, ...overrides })).toBe(colour);
  });
});
