import { mayAct } from './workflow-access';

describe('Workflow access (role × relation × action)', () => {
  it.each([
    ['committee', 'none', 'task.assign', true],
    ['committee', 'none', 'report.review', true],
    ['committee', 'none', 'report.draft', false],
    ['admin', 'none', 'task.assign', false],
    ['auditor', 'none', 'report.review', false],
    ['dept_head', 'lead', 'report.draft', true],
    ['dept_head', 'lead', 'report.submit', true],
    ['dept_staff', 'lead', 'report.draft', true],
    ['dept_staff', 'lead', 'report.submit', false],
    ['dept_head', 'co', 'report.draft', false],
    ['dept_head', 'co', 'contribution.submit', true],
    ['dept_staff', 'co', 'contribution.draft', true],
    ['dept_staff', 'co', 'contribution.submit', false],
    ['dept_head', 'lead', 'contribution.draft', false],
    ['dept_head', 'lead', 'milestone.mark-done', true],
    ['dept_head', 'co', 'milestone.mark-done', false],
    ['dept_staff', 'lead', 'milestone.mark-done', false],
    ['dept_head', 'lead', 'amendment.propose', true],
    ['dept_head', 'lead', 'amendment.decide', false],
    ['dept_head', 'lead', 'task.assign', false],
  ] as const)('%s (%s department) %s → %s', (role, relation, action, allowed) => {
    expect(mayAct(role, relation, action)).toBe(allowed);
  });
});
