import type { ReportView, TaskView } from '@zibo/domain';

// Shared by unit tests only (not part of the app bundle: nothing outside *.spec.ts imports it).
export const ECON = '59d3f3f1-e50d-4ad9-8748-f3c0d60ce391';
export const SCI = '4cb567b3-b61b-4d1a-b6e1-c3aa9d4efa6a';
export const PARTY = 'c8d66d0d-5434-4e77-b838-cbd598afa9db';

export function aTask(overrides: Partial<TaskView> = {}): TaskView {
  return {
    id: 'e82fb397-046f-45b4-a724-a1c72c5aaede',
    workItemCode: 'FA1.1',
    focusAreaCode: 'FA1',
    title: '建设省级以上创新平台',
    description: '',
    leadDepartmentId: ECON,
    coDepartmentIds: [SCI],
    startDate: '2026-09-01',
    dueDate: '2027-03-31',
    baselineDueDate: '2027-03-31',
    reportingCycle: 'monthly',
    status: 'in_progress',
    version: 3,
    rag: 'green',
    ragReasons: [],
    overdue: false,
    percentComplete: 20,
    expectedPercent: 10,
    assignedAt: '2026-11-27T08:07:12.987Z',
    acceptedAt: '2026-11-27T09:00:00.000Z',
    declinedAt: null,
    declineReason: null,
    insistedAt: null,
    insistComment: null,
    receiptState: 'accepted',
    acceptBy: null,
    allowedReceiptActions: [],
    closeOut: null,
    allowedCloseOutActions: [],
    createdAt: '2026-11-27T08:07:12.909Z',
    updatedAt: '2026-11-27T08:07:13.636Z',
    milestones: [],
    indicators: [],
    latestReport: null,
    allowedActions: [],
    ...overrides,
  };
}

export function aReport(overrides: Partial<ReportView> = {}): ReportView {
  return {
    id: 'b012a9d0-e55c-4184-9c31-2e0360ad92cf',
    taskId: 'e82fb397-046f-45b4-a724-a1c72c5aaede',
    period: '2026-11',
    status: 'draft',
    revision: 0,
    version: 1,
    percentComplete: 20,
    summary: '已完成申报材料初稿',
    problems: '',
    nextSteps: '',
    indicatorActuals: [],
    final: false,
    percentDecreaseReason: null,
    authorId: 'b77d1f73-d2dc-453f-be0a-bac00fb02c3b',
    submittedById: null,
    submittedAt: null,
    firstSubmittedAt: null,
    readyAt: null,
    readyById: null,
    returnCount: 0,
    reviewComment: null,
    score: null,
    compliance: 'not_due',
    deadline: '2026-12-05T16:00:00.000Z',
    createdAt: '2026-11-27T08:07:13.497Z',
    updatedAt: '2026-11-27T08:07:13.669Z',
    versions: [],
    attachments: [],
    contributions: [],
    ...overrides,
  };
}
