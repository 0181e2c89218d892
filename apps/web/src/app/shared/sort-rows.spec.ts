import { sortRows } from './sort-rows';

const rows = [
  { name: '经发局', tasks: 3, average: 40 },
  { name: '党工委', tasks: 10, average: null },
  { name: '审批局', tasks: 3, average: 75.5 },
];
const value = (row: (typeof rows)[number], column: string) =>
  column === 'name' ? row.name : column === 'tasks' ? row.tasks : row.average;

describe('sortRows', () => {
  it('keeps the given order without a direction', () => {
    expect(sortRows(rows, null, value)).toEqual(rows);
    expect(sortRows(rows, { active: 'tasks', direction: '' }, value)).toEqual(rows);
  });

  it('sorts numbers both ways, equal values in their given order', () => {
    expect(sortRows(rows, { active: 'tasks', direction: 'desc' }, value).map((r) => r.name)).toEqual([
      '党工委',
      '经发局',
      '审批局',
    ]);
    expect(sortRows(rows, { active: 'tasks', direction: 'asc' }, value).map((r) => r.name)).toEqual([
      '经发局',
      '审批局',
      '党工委',
    ]);
  });

  it('puts empty values last whichever the direction', () => {
    expect(sortRows(rows, { active: 'average', direction: 'asc' }, value).map((r) => r.average)).toEqual([
      40,
      75.5,
      null,
    ]);
    expect(sortRows(rows, { active: 'average', direction: 'desc' }, value).map((r) => r.average)).toEqual([
      75.5,
      40,
      null,
    ]);
  });

  it('sorts text by collation, not by code point', () => {
    const sorted = sortRows([{ name: 'FA10' }, { name: 'FA2' }], { active: 'name', direction: 'asc' }, (r) => r.name);
    expect(sorted.map((r) => r.name)).toEqual(['FA2', 'FA10']);
  });
});
