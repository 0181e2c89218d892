// The progress feature's public face: what the task and contribution pages may use.
export { AttachmentList } from './attachment-list';
export { AttachmentUpload } from './attachment-upload';
export { ProgressService } from './progress.service';
export { ReportContent, type ReportContentView } from './report-content';
export { type ActualGroup, ReportContentForm, trackPercent } from './report-content-form';
export { type ActualRow, percentOrNull, toFormErrors } from './report-form';
export { periodsWithoutReport, reportablePeriods } from './report-periods';
export { ReportVersions } from './report-versions';
