import { Attachment } from './attachment.entity';
import { Contribution } from './contribution.entity';
import { ProgressReport, ProgressReportVersion } from './progress-report.entity';
export { Attachment } from './attachment.entity';
export { toContributionView } from './contribution-views';
export { Contribution } from './contribution.entity';
export { checkNewDraft, newDraftFields } from './new-draft';
export { ProgressReport, ProgressReportVersion } from './progress-report.entity';
export type { ReportContent } from './progress-report.entity';
export { ProgressModule } from './progress.module';
export { toAttachmentView } from './report-views';
export {
  assertTaskTakesReports,
  authorizeTaskAction,
  checkReportPeriod,
  checkTaskIndicatorActuals,
  lockTaskForReporting,
} from './reporting-checks';

/** This feature's tables, for the app's entity list (app/entities.ts). */
export const ProgressEntities = [ProgressReport, ProgressReportVersion, Contribution, Attachment];
