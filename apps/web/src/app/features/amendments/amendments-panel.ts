import { ChangeDetectionStrategy, Component, effect, inject, input, output, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { TranslocoPipe } from '@jsverse/transloco';
import type { AmendmentView, TaskView } from '@zibo/domain';
import { type ErrorMessage, errorMessage } from '../../core/feedback/error-message';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { Notifier } from '../../core/feedback/notifier.service';
import type { MessageKey } from '../../core/forms/field-error-message';
import { formDialogConfig } from '../../core/forms/dialog-config';
import { DateTimePipe } from '../../core/i18n/display-format.pipes';
import { ReferenceData } from '../../core/reference/reference-data.service';
import { ReasonDialog, type ReasonDialogData } from '../../shared/reason-dialog';
import { AmendmentDialog, type AmendmentDialogData } from './amendment-dialog';
import { amendmentChangeLines } from './amendment-form';
import { AmendmentsService } from './amendments.service';

/** A task's plan changes: applied ones with before → after, proposals to approve or reject. */
@Component({
  selector: 'app-amendments-panel',
  imports: [MatButtonModule, MatIconModule, MatProgressBarModule, TranslocoPipe, ErrorMessagePipe, DateTimePipe],
  template: `
    <div class="toolbar">
      @if (canAmend()) {
        <button mat-flat-button type="button" (click)="openDialog(true)">
          <mat-icon>edit_calendar</mat-icon>
          {{ 'amendments.amend' | transloco }}
        </button>
      } @else if (canPropose()) {
        <button mat-flat-button type="button" (click)="openDialog(false)">
          <mat-icon>edit_calendar</mat-icon>
          {{ 'amendments.proposeButton' | transloco }}
        </button>
      }
    </div>
    @if (loading()) {
      <mat-progress-bar mode="indeterminate" [attr.aria-label]="'common.loading' | transloco" />
    }
    @if (failure(); as failure) {
      <p class="failure" role="alert">{{ failure | errorMessage }}</p>
    }
    @if (!loading() && amendments().length === 0) {
      <p class="none">{{ 'amendments.none' | transloco }}</p>
    }
    <ol class="list">
      @for (amendment of amendments(); track amendment.id) {
        <li class="amendment" data-testid="amendment">
          <div class="head">
            <span class="status" [class]="amendment.status">{{
              'amendments.status.' + amendment.status | transloco
            }}</span>
            <span class="when">{{ amendment.proposedAt | dateTime }}</span>
          </div>
          <div class="reason">{{ 'amendments.reasonValue' | transloco: { reason: amendment.reason } }}</div>
          <ul class="changes">
            @for (line of lines(amendment); track $index) {
              <li>{{ line.key | transloco: line.params }}</li>
            }
          </ul>
          @if (amendment.decisionComment) {
            <div class="comment">
              {{ 'amendments.decisionComment' | transloco: { comment: amendment.decisionComment } }}
            </div>
          }
          @if (amendment.status === 'proposed' && canDecide()) {
            <div class="decide">
              <button mat-flat-button type="button" (click)="decide(amendment, 'approve')">
                {{ 'amendments.approve' | transloco }}
              </button>
              <button mat-stroked-button type="button" (click)="decide(amendment, 'reject')">
                {{ 'amendments.reject' | transloco }}
              </button>
            </div>
          }
        </li>
      }
    </ol>
  `,
  styles: `
    .toolbar {
      margin-bottom: 12px;
    }
    .none {
      color: var(--mat-sys-on-surface-variant);
    }
    .failure {
      color: var(--mat-sys-error);
    }
    .list {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .amendment {
      padding: 12px;
      margin-bottom: 8px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 12px;
    }
    .head {
      display: flex;
      gap: 12px;
      align-items: center;
    }
    .status {
      padding: 2px 8px;
      border-radius: 8px;
      font: var(--mat-sys-label-medium);
      background: var(--mat-sys-surface-container-high);
      &.approved {
        background: #dcf5e3;
        color: #135c2c;
      }
      &.proposed {
        background: #fff3d6;
        color: #6d4c00;
      }
    }
    .when {
      color: var(--mat-sys-on-surface-variant);
    }
    .reason,
    .comment {
      margin-top: 6px;
      white-space: pre-wrap;
    }
    .changes {
      margin: 6px 0 0;
      padding-inline-start: 1.2em;
    }
    .decide {
      display: flex;
      gap: 8px;
      margin-top: 8px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AmendmentsPanel {
  private readonly api = inject(AmendmentsService);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  private readonly reference = inject(ReferenceData);

  readonly task = input.required<TaskView>();
  readonly canAmend = input(false);
  readonly canPropose = input(false);
  readonly canDecide = input(false);
  readonly planChanged = output<void>();

  protected readonly amendments = signal<AmendmentView[]>([]);
  protected readonly loading = signal(false);
  protected readonly failure = signal<ErrorMessage | null>(null);

  constructor() {
    effect(() => {
      this.task();
      untracked(() => this.load());
    });
  }

  protected lines(amendment: AmendmentView): MessageKey[] {
    return amendmentChangeLines(amendment, this.task(), (id) => this.reference.departmentName(id));
  }

  protected openDialog(applies: boolean): void {
    this.dialog
      .open<AmendmentDialog, AmendmentDialogData, AmendmentView>(
        AmendmentDialog,
        formDialogConfig({ task: this.task(), applies }),
      )
      .afterClosed()
      .subscribe((amendment) => {
        if (!amendment) {
          return;
        }
        this.notifier.success(amendment.status === 'approved' ? 'amendments.applied' : 'amendments.proposed');
        if (amendment.status === 'approved') {
          this.planChanged.emit();
        } else {
          this.load();
        }
      });
  }

  protected decide(amendment: AmendmentView, decision: 'approve' | 'reject'): void {
    const data: ReasonDialogData<AmendmentView> = {
      title: decision === 'approve' ? 'amendments.approveTitle' : 'amendments.rejectTitle',
      label: 'amendments.comment',
      confirm: decision === 'approve' ? 'amendments.approve' : 'amendments.reject',
      required: false,
      maxLength: 1000,
      draftKey: `amendment-decision.${amendment.id}`,
      field: 'comment',
      send: (comment) =>
        decision === 'approve' ? this.api.approve(amendment, comment) : this.api.reject(amendment, comment),
    };
    this.dialog
      .open<ReasonDialog<AmendmentView>, ReasonDialogData<AmendmentView>, AmendmentView>(
        ReasonDialog,
        formDialogConfig(data),
      )
      .afterClosed()
      .subscribe((decided) => {
        if (!decided) {
          return;
        }
        this.notifier.success(decision === 'approve' ? 'amendments.approvedDone' : 'amendments.rejectedDone');
        if (decision === 'approve') {
          this.planChanged.emit();
        } else {
          this.load();
        }
      });
  }

  private load(): void {
    this.loading.set(true);
    this.failure.set(null);
    this.api.list(this.task().id).subscribe({
      next: (amendments) => {
        this.amendments.set([...amendments].reverse());
        this.loading.set(false);
      },
      error: (error: unknown) => {
        this.failure.set(errorMessage(error));
        this.loading.set(false);
      },
    });
  }
}
