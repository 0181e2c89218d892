import type { ContributionView } from '@zibo/domain';
import { ECON, SCI } from '../../testing/task-fixtures';
import { ownContributions } from './own-contributions';

function aContribution(overrides: Partial<ContributionView>): ContributionView {
  return {
    id: 'c1',
    taskId: 't1',
    departmentId: SCI,
    period: '2026-10',
    status: 'draft',
    version: 1,
    percentComplete: 20,
    summary: '配合走访企业',
    problems: '',
    nextSteps: '',
    indicatorActuals: [],
    authorId: 'u1',
    submittedById: null,
    submittedAt: null,
    attachments: [],
    ...overrides,
  };
}

describe("A co-owning department's own contributions", () => {
  const list = [
    aContribution({ id: 'sci-09', period: '2026-09', status: 'submitted', submittedAt: '2026-10-03T02:00:00Z' }),
    aContribution({ id: 'sci-11', period: '2026-11', status: 'draft' }),
    aContribution({ id: 'econ-11', period: '2026-11', status: 'submitted', departmentId: ECON }),
    aContribution({ id: 'sci-10', period: '2026-10', status: 'submitted' }),
  ];

  it("leave out other departments' submitted contributions", () => {
    const own = ownContributions(list, SCI);

    expect([own.draft?.id, ...own.submitted.map((c) => c.id)]).toEqual(['sci-11', 'sci-10', 'sci-09']);
  });

  it('bring back the draft started on another device', () => {
    expect(ownContributions(list, SCI).draft?.id).toBe('sci-11');
  });

  it('take the newest draft when there are several', () => {
    const drafts = [aContribution({ id: 'a', period: '2026-09' }), aContribution({ id: 'b', period: '2026-10' })];

    expect(ownContributions(drafts, SCI).draft?.id).toBe('b');
  });

  it('name the periods a new contribution cannot use', () => {
    expect(ownContributions(list, SCI).periodsTaken).toEqual(['2026-11', '2026-10', '2026-09']);
  });

  it('are none for a user without a department', () => {
    expect(ownContributions(list, null)).toEqual({ draft: null, submitted: [], periodsTaken: [] });
  });
});
