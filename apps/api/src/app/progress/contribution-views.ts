import type { ContributionView } from '@zibo/domain';
import type { Attachment } from './attachment.entity';
import { toAttachmentView } from './report-views';
import type { Contribution } from './contribution.entity';

export function toContributionView(c: Contribution, attachments: Attachment[]): ContributionView {
  return {
    id: c.id,
    taskId: c.taskId,
    departmentId: c.departmentId,
    period: c.period,
    status: c.status,
    version: c.version,
    percentComplete: c.percentComplete,
    summary: c.summary,
    problems: c.problems,
    nextSteps: c.nextSteps,
    indicatorActuals: c.indicatorActuals,
    authorId: c.authorId,
    submittedById: c.submittedById,
    submittedAt: c.submittedAt ? c.submittedAt.toISOString() : null,
    attachments: attachments.map(toAttachmentView),
  };
}
