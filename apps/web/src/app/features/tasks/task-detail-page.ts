import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTabsModule } from '@angular/material/tabs';
import { MatTooltipModule } from '@angular/material/tooltip';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { indicatorAttainment, INDICATOR_UNITS, type MilestoneView, type ReportView, type TaskView } from '@zibo/domain';
import { forkJoin, type Observable } from 'rxjs';
import { isApiError } from '../../core/api/api-error';
import { AuthService } from '../../core/auth/auth.service';
import { type ErrorMessage, errorMessage } from '../../core/feedback/error-message';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { Notifier } from '../../core/feedback/notifier.service';
import { formDialogConfig } from '../../core/forms/dialog-config';
import { DateTimePipe, PeriodPipe } from '../../core/i18n/display-format.pipes';
import { LanguageService } from '../../core/i18n/language.service';
import { BusinessCalendar } from '../../core/reference/business-calendar';
import { ReferenceData } from '../../core/reference/reference-data.service';
import { ConfirmDialog, type ConfirmDialogData } from '../../shared/confirm-dialog';
import { PercentBar } from '../../shared/percent-bar';
import { RagLight } from '../../shared/rag-light';
import { ReasonDialog, type ReasonDialogData } from '../../shared/reason-dialog';
import { StatusChip } from '../../shared/status-chip';
import { AmendmentsPanel } from '../amendments';
import { UrgesPanel } from '../urges';
import { CloseOutPanel, DirectivesPanel } from '../directives';
import { CommentsPanel } from '../comments';
import { periodsWithoutReport, ProgressService, reportablePeriods } from '../progress';
import { MilestoneDoneDialog, type MilestoneDoneDialogData } from './milestone-done-dialog';
import { ragReasonMessages } from './rag-reasons';
import { type TaskActions, taskActionsFor } from './task-actions';
import { TaskHistory } from './task-history';
import { TaskReports } from './task-reports';
import { TaskSnapshots } from './task-snapshots';
import { TasksService } from './tasks.service';

const NO_ACTIONS: TaskActions = {
  assign: false,
  complete: false,
  completePending: false,
  cancel: false,
  edit: false,
  draftReport: false,
  markMilestones: false,
  amend: false,
  proposeAmendment: false,
  decideAmendment: false,
  contribute: false,
};

/** The sections of the page in tab order, by the name `?tab=` uses. */
const TABS = ['overview', 'reports', 'snapshots', 'history', 'amendments', 'urges'];

@Component({
  selector: 'app-task-detail-page',
  imports: [
    CommentsPanel,
    RouterLink,
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    MatTabsModule,
    MatTooltipModule,
    TranslocoPipe,
    ErrorMessagePipe,
    DateTimePipe,
    PeriodPipe,
    PercentBar,
    RagLight,
    StatusChip,
    TaskReports,
    TaskHistory,
    TaskSnapshots,
    AmendmentsPanel,
    UrgesPanel,
    CloseOutPanel,
    DirectivesPanel,
  ],
  templateUrl: './task-detail-page.html',
  styleUrl: './task-detail-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TaskDetailPage {
  private readonly tasksApi = inject(TasksService);
  private readonly progressApi = inject(ProgressService);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  private readonly auth = inject(AuthService);
  private readonly calendar = inject(BusinessCalendar);

  /** Route parameter. */
  readonly id = input.required<string>();
  /** Query parameter `tab`: opens a section directly (the audit log links to `?tab=history`). */
  readonly tab = input<string | undefined>(undefined);

  protected readonly reference = inject(ReferenceData);
  protected readonly lang = inject(LanguageService).current;
  protected readonly task = signal<TaskView | null>(null);
  protected readonly reports = signal<ReportView[]>([]);
  protected readonly loading = signal(true);
  protected readonly busy = signal(false);
  protected readonly notFound = signal(false);
  protected readonly failure = signal<ErrorMessage | null>(null);

  protected readonly actions = computed(() => {
    const task = this.task();
    const me = this.auth.me();
    return task && me ? taskActionsFor(task, me) : NO_ACTIONS;
  });
  /** A new report needs a period without one. */
  protected readonly canStartReport = computed(() => {
    const task = this.task();
    return (
      !!task &&
      this.actions().draftReport &&
      reportablePeriods(task, this.reports(), this.calendar.now(), this.calendar.settings()).periods.length > 0
    );
  });
  protected readonly initialTab = computed(() => Math.max(0, TABS.indexOf(this.tab() ?? '')));
  protected readonly reasons = computed(() => {
    const task = this.task();
    return task ? ragReasonMessages(task) : [];
  });
  protected readonly missingPeriods = computed(() => {
    const task = this.task();
    return task ? periodsWithoutReport(task, this.reports(), this.calendar.now(), this.calendar.settings()) : [];
  });
  protected readonly coDepartments = computed(() =>
    (this.task()?.coDepartmentIds ?? []).map((id) => this.reference.departmentName(id)).join('、'),
  );
  protected readonly indicators = computed(() =>
    (this.task()?.indicators ?? []).map((indicator) => ({
      ...indicator,
      unitName: this.lang() === 'en' ? INDICATOR_UNITS[indicator.unit].en : indicator.unit,
      attainment: indicator.actual === null ? null : indicatorAttainment(indicator, indicator.actual),
    })),
  );

  constructor() {
    this.reference.load().subscribe({ error: (error: unknown) => this.notifier.error(error) });
    effect(() => {
      this.id();
      untracked(() => this.load());
    });
  }

  protected load(): void {
    this.loading.set(true);
    this.failure.set(null);
    forkJoin({ task: this.tasksApi.get(this.id()), reports: this.progressApi.listForTask(this.id()) }).subscribe({
      next: ({ task, reports }) => {
        this.task.set(task);
        this.reports.set(reports);
        this.notFound.set(false);
        this.loading.set(false);
      },
      error: (error: unknown) => {
        this.loading.set(false);
        // Hidden and missing look the same (the api answers 404 for both).
        if (isApiError(error, 404)) {
          this.notFound.set(true);
          this.task.set(null);
        } else {
          this.failure.set(errorMessage(error));
        }
      },
    });
  }

  protected assign(task: TaskView): void {
    this.confirmThen(
      {
        title: 'tasks.assignTitle',
        message: 'tasks.assignMessage',
        confirm: 'tasks.assign',
        params: { title: task.title },
      },
      () => this.tasksApi.assign(task),
      'tasks.assigned',
    );
  }

  protected complete(task: TaskView): void {
    this.confirmThen(
      {
        title: 'tasks.completeTitle',
        message: 'tasks.completeMessage',
        confirm: 'tasks.complete',
        params: { title: task.title },
      },
      () => this.tasksApi.complete(task),
      'tasks.completed',
    );
  }

  protected cancel(task: TaskView): void {
    const data: ReasonDialogData<TaskView> = {
      title: 'tasks.cancelTitle',
      label: 'tasks.cancelReason',
      confirm: 'tasks.cancelConfirm',
      required: true,
      maxLength: 1000,
      draftKey: `task-cancel.${task.id}`,
      field: 'reason',
      send: (reason) => this.tasksApi.cancel(task, reason),
    };
    this.dialog
      .open<ReasonDialog<TaskView>, ReasonDialogData<TaskView>, TaskView>(ReasonDialog, formDialogConfig(data))
      .afterClosed()
      .subscribe((cancelled) => {
        if (cancelled) {
          this.notifier.success('tasks.cancelled');
          this.load();
        }
      });
  }

  /** 签收: the lead department's head accepts the task. */
  protected accept(task: TaskView): void {
    this.confirmThen(
      {
        title: 'receipt.acceptTitle',
        message: 'receipt.acceptMessage',
        confirm: 'receipt.accept',
        params: { title: task.title },
      },
      () => this.tasksApi.accept(task),
      'receipt.accepted',
    );
  }

  /** 退办 by the lead department's head, or the committee insisting after one: both with a text. */
  protected declineOrInsist(task: TaskView, action: 'decline' | 'insist'): void {
    const data: ReasonDialogData<TaskView> = {
      title: action === 'decline' ? 'receipt.declineTitle' : 'receipt.insistTitle',
      label: action === 'decline' ? 'receipt.declineReason' : 'receipt.insistComment',
      confirm: action === 'decline' ? 'receipt.decline' : 'receipt.insist',
      required: true,
      maxLength: 5000,
      draftKey: `task-${action}.${task.id}`,
      field: action === 'decline' ? 'reason' : 'comment',
      send: (text) => (action === 'decline' ? this.tasksApi.decline(task, text) : this.tasksApi.insist(task, text)),
    };
    this.dialog
      .open<ReasonDialog<TaskView>, ReasonDialogData<TaskView>, TaskView>(ReasonDialog, formDialogConfig(data))
      .afterClosed()
      .subscribe((done) => {
        if (done) {
          this.notifier.success(action === 'decline' ? 'receipt.declined' : 'receipt.insisted');
          this.load();
        }
      });
  }

  protected markMilestone(task: TaskView, milestone: MilestoneView): void {
    this.dialog
      .open<MilestoneDoneDialog, MilestoneDoneDialogData, TaskView>(
        MilestoneDoneDialog,
        formDialogConfig({ task, milestone }),
      )
      .afterClosed()
      .subscribe((saved) => {
        if (saved) {
          this.notifier.success('common.saved');
          this.task.set(saved);
        }
      });
  }

  /** After an amendment was applied, the plan on this page changed too. */
  protected planChanged(): void {
    this.load();
  }

  private confirmThen(data: ConfirmDialogData, action: () => Observable<TaskView>, done: string): void {
    this.dialog
      .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, { data, maxWidth: '96vw', width: '440px' })
      .afterClosed()
      .subscribe((confirmed) => {
        if (!confirmed) {
          return;
        }
        this.busy.set(true);
        action().subscribe({
          next: () => {
            this.busy.set(false);
            this.notifier.success(done);
            this.load();
          },
          error: (error: unknown) => {
            this.busy.set(false);
            this.notifier.error(error);
            // The task moved on meanwhile (412/409): show it as it is now.
            this.load();
          },
        });
      });
  }
}
