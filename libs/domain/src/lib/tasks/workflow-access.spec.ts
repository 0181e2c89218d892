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
    ['dept_head', 'lead', 'task.accept', true],
    ['dept_head', 'lead', 'task.decline', true],
    ['dept_head', 'co', 'task.accept', false],
    ['dept_staff', 'lead', 'task.accept', false],
    ['committee', 'none', 'task.accept', false],
    ['committee', 'none', 'task.insist', true],
    ['dept_head', 'lead', 'task.insist', false],
    ['committee', 'none', 'urge.create', true],
    ['admin', 'none', 'urge.create', false],
    ['dept_staff', 'lead', 'urge.acknowledge', true],
    ['dept_staff', 'co', 'urge.acknowledge', false],
    ['dept_head', 'lead', 'urge.respond', true],
    ['dept_staff', 'lead', 'urge.respond', false],
    ['committee', 'none', 'urge.respond', false],
  ] as const)('%s (%s department) %s → %s', (role, relation, action, allowed) => {
    expect(mayAct(role, relation, action)).toBe(allowed);
  });
});
