import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatExpansionModule } from '@angular/material/expansion';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { comparePeriods, type ReportView, type TaskView } from '@zibo/domain';
import { DateTimePipe, DeadlinePipe, PeriodPipe } from '../../core/i18n/display-format.pipes';
import { LanguageService } from '../../core/i18n/language.service';
import { ReferenceData } from '../../core/reference/reference-data.service';
import { StatusChip } from '../../shared/status-chip';
import { AttachmentList, ReportContent, ReportVersions } from '../progress';

/** The task's reports by period, newest first, with their versions; periods owed without a report too. */
@Component({
  selector: 'app-task-reports',
  imports: [
    MatButtonModule,
    MatExpansionModule,
    MatIconModule,
    RouterLink,
    TranslocoPipe,
    DateTimePipe,
    DeadlinePipe,
    PeriodPipe,
    StatusChip,
    AttachmentList,
    ReportContent,
    ReportVersions,
  ],
  templateUrl: './task-reports.html',
  styleUrl: './task-reports.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TaskReports {
  readonly task = input.required<TaskView>();
  readonly reports = input.required<readonly ReportView[]>();
  /** Owed periods with no report yet (up to the current reporting period). */
  readonly missing = input<readonly string[]>([]);
  readonly canDraft = input(false);

  protected readonly lang = inject(LanguageService).current;
  protected readonly reference = inject(ReferenceData);
  protected readonly rows = computed(() => {
    const reported = this.reports().map((report) => ({ period: report.period, report }));
    const missing = this.missing().map((period) => ({ period, report: null }));
    return [...reported, ...missing].sort((a, b) => comparePeriods(b.period, a.period));
  });
}
