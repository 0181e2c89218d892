/*
 * What the floor (bench/floor.mjs) shares with the api: the domain rules and the api's pure view and
 * SQL-condition builders, none of which touch NestJS or TypeORM. `npm run bench` bundles this file
 * with esbuild, so the floor answers with the same rules and the same JSON by construction and
 * measures only what a framework adds.
 */
export * from '@zibo/domain';
export { toTaskListItem, toTaskView, auditedTaskFields } from '../apps/api/src/app/tasks/task-views';
export { visibleTaskCondition } from '../apps/api/src/app/tasks/task-visibility';
export { taskFromRow } from '../apps/api/src/app/tasks/task-rows';
export { reportColumns, visibleRecordCondition } from '../apps/api/src/app/tasks/record-visibility';
export { assembleDashboard } from '../apps/api/src/app/dashboard/dashboard-view';
export { canonicalText, chainHash, GENESIS_HASH } from '../apps/api/src/app/audit/audit-chain';
export { toReportView, auditedReportFields } from '../apps/api/src/app/progress/report-views';
export { toContributionView } from '../apps/api/src/app/progress/contribution-views';
