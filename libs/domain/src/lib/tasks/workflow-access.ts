import { type Permission, hasPermission } from '../auth/permissions';
import type { Role } from '../auth/roles';
import type { TaskRelation } from './task-rules';

/** What a caller does to a task or its reports, beyond reading. */
export type WorkflowAction =
  | 'task.edit'
  | 'task.assign'
  | 'task.complete'
  | 'task.cancel'
  | 'task.amend'
  | 'amendment.propose'
  | 'amendment.decide'
  | 'milestone.mark-done'
  | 'report.draft'
  | 'report.submit'
  | 'report.hand-over'
  | 'report.review'
  | 'contribution.draft'
  | 'contribution.submit'
  | 'task.accept'
  | 'task.decline'
  | 'task.insist'
  | 'urge.create'
  | 'urge.acknowledge'
  | 'urge.respond'
  | 'notice.issue'
  | 'notice.respond'
  | 'directive.issue'
  | 'directive.respond'
  | 'close.request'
  | 'close.attach'
  | 'close.reject';

/**
 * Each action needs a permission and, for department roles, a relation to the task: the lead
 * department reports, co-owning departments contribute (the contract's role table).
 */
const RULES: Record<WorkflowAction, { permission: Permission; relation: TaskRelation | 'any' }> = {
  'task.edit': { permission: 'tasks:edit', relation: 'any' },
  'task.assign': { permission: 'tasks:assign', relation: 'any' },
  'task.complete': { permission: 'tasks:complete', relation: 'any' },
  'task.cancel': { permission: 'tasks:cancel', relation: 'any' },
  'task.amend': { permission: 'tasks:amend', relation: 'any' },
  'amendment.propose': { permission: 'amendments:propose', relation: 'lead' },
  'amendment.decide': { permission: 'amendments:decide', relation: 'any' },
  'milestone.mark-done': { permission: 'milestones:mark-done', relation: 'lead' },
  'report.draft': { permission: 'reports:draft', relation: 'lead' },
  'report.submit': { permission: 'reports:submit', relation: 'lead' },
  'report.hand-over': { permission: 'reports:hand-over', relation: 'lead' },
  'report.review': { permission: 'reports:review', relation: 'any' },
  'contribution.draft': { permission: 'contributions:draft', relation: 'co' },
  'contribution.submit': { permission: 'contributions:submit', relation: 'co' },
  // 签收 / 退办: the lead department's head; the committee insists after a decline.
  'task.accept': { permission: 'tasks:receive', relation: 'lead' },
  'task.decline': { permission: 'tasks:receive', relation: 'lead' },
  'task.insist': { permission: 'tasks:insist', relation: 'any' },
  // 催办: the committee urges the lead department, which reads (head or staff) and answers (head).
  'urge.create': { permission: 'urges:create', relation: 'any' },
  'urge.acknowledge': { permission: 'urges:acknowledge', relation: 'lead' },
  'urge.respond': { permission: 'urges:respond', relation: 'lead' },
  // 三色督办单: the committee issues, the noticed department's head answers.
  'notice.issue': { permission: 'notices:issue', relation: 'any' },
  'notice.respond': { permission: 'notices:respond', relation: 'lead' },
  // 领导批示: a committee member writes, the lead department's head answers.
  'directive.issue': { permission: 'directives:issue', relation: 'any' },
  'directive.respond': { permission: 'directives:respond', relation: 'lead' },
  // 办结销号: the lead department's head requests, the committee rejects or signs off (task.complete).
  'close.request': { permission: 'tasks:request-close', relation: 'lead' },
  // Its evidence: whoever may request close-out attaches (and removes) files while the request is open.
  'close.attach': { permission: 'tasks:request-close', relation: 'lead' },
  'close.reject': { permission: 'tasks:reject-close', relation: 'any' },
};

/** Whether a role, related to a task as given, may take a workflow action (else 403). */
export function mayAct(role: Role, relation: TaskRelation, action: WorkflowAction): boolean {
  const rule = RULES[action];
  if (!hasPermission(role, rule.permission)) return false;
  return rule.relation === 'any' || rule.relation === relation;
}
