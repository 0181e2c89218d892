import { workingCalendar } from '../calendar/working-days';
import { type ReceiptInput, acceptBy, allowedReceiptActions, receiptState } from './receipt-rules';

const at = (local: string) => new Date(`${local}+08:00`);
const task = (overrides: Partial<ReceiptInput> = {}): ReceiptInput => ({
  status: 'assigned',
  acceptedAt: null,
  declinedAt: null,
  insistedAt: null,
  ...overrides,
});

describe('Receipt (签收) of a task', () => {
  it.each([
    ['a draft', task({ status: 'draft' }), 'not_applicable', []],
    ['a completed task', task({ status: 'completed', acceptedAt: at('2026-03-02T09:00:00') }), 'not_applicable', []],
    ['a newly assigned task', task(), 'pending', ['accept', 'decline']],
    ['a task in progress, never accepted', task({ status: 'in_progress' }), 'pending', ['accept', 'decline']],
    ['an accepted task', task({ acceptedAt: at('2026-03-02T09:00:00') }), 'accepted', []],
    ['a declined task', task({ declinedAt: at('2026-03-02T09:00:00') }), 'declined', ['accept', 'insist']],
    [
      'a task the committee insisted on',
      task({ declinedAt: at('2026-03-02T09:00:00'), insistedAt: at('2026-03-03T09:00:00') }),
      'pending',
      ['accept'],
    ],
  ] as const)('%s is %s and allows %j', (_name, input, state, actions) => {
    expect(receiptState(input)).toBe(state);
    expect(allowedReceiptActions(input)).toEqual(actions);
  });

  it('is due three working days after the day it opened, across a holiday', () => {
    const calendar = workingCalendar([
      { date: '2026-10-01', kind: 'holiday' },
      { date: '2026-10-02', kind: 'holiday' },
      { date: '2026-10-05', kind: 'holiday' },
      { date: '2026-10-06', kind: 'holiday' },
      { date: '2026-10-07', kind: 'holiday' },
      { date: '2026-09-27', kind: 'workday' },
    ]);
    // Assigned Friday evening 25 September: Sunday 27th (make-up), 28th, 29th.
    expect(acceptBy(at('2026-09-25T21:00:00'), 3, calendar, 'Asia/Shanghai')).toBe('2026-09-29');
    // Assigned on 30 September: 8, 9 (Friday), 12 October.
    expect(acceptBy(at('2026-09-30T10:00:00'), 3, calendar, 'Asia/Shanghai')).toBe('2026-10-12');
  });
});
