import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { TranslocoPipe } from '@jsverse/transloco';
import { type TaskView, TEXT_LIMITS } from '@zibo/domain';
import { Notifier } from '../../core/feedback/notifier.service';
import { formDialogConfig } from '../../core/forms/dialog-config';
import { DateTimePipe } from '../../core/i18n/display-format.pipes';
import { ReasonDialog, type ReasonDialogData } from '../../shared/reason-dialog';
import { AttachmentList, AttachmentUpload } from '../progress';
import { DirectivesService } from './directives.service';

/**
 * 办结销号 on a task page: the lead department's head requests close-out with a closing summary once
 * the final report is approved; the committee signs it off (the task's `complete`) or rejects it.
 * The buttons are the ones the api offers (`allowedCloseOutActions`). While the request waits, its head
 * attaches the acceptance evidence (`attach`), which the committee reads before deciding; once
 * decided the files are read-only and stay with the request.
 */
@Component({
  selector: 'app-close-out-panel',
  imports: [MatButtonModule, MatIconModule, TranslocoPipe, DateTimePipe, AttachmentList, AttachmentUpload],
  template: `
    @let task = this.task();
    @let closeOut = task.closeOut;
    @if (closeOut || task.allowedCloseOutActions.length) {
      <section
        class="close-out"
        [class]="'close-out ' + (closeOut?.state ?? 'none')"
        [attr.aria-label]="'closeOut.title' | transloco"
        data-testid="close-out"
      >
        <mat-icon aria-hidden="true">{{ closeOut?.state === 'signed' ? 'verified' : 'assignment_turned_in' }}</mat-icon>
        <div class="text">
          <div class="state" data-testid="close-out-state">
            {{ 'closeOut.state.' + (closeOut?.state ?? 'none') | transloco }}
          </div>
          @if (closeOut) {
            <div class="meta">
              {{
                'closeOut.requestedBy'
                  | transloco: { who: closeOut.requestedByName ?? '', when: (closeOut.requestedAt | dateTime) }
              }}
            </div>
            <div class="summary">{{ 'closeOut.summaryValue' | transloco: { summary: closeOut.summary } }}</div>
            @if (closeOut.state === 'rejected' && closeOut.rejectReason) {
              <div class="meta">{{ 'closeOut.rejectReasonValue' | transloco: { reason: closeOut.rejectReason } }}</div>
            }
            @let mayAttach = task.allowedCloseOutActions.includes('attach');
            @if (closeOut.attachments.length || mayAttach) {
              <div class="evidence" data-testid="close-out-evidence">
                <div class="meta">{{ 'closeOut.evidence' | transloco }}</div>
                <app-attachment-list
                  [attachments]="closeOut.attachments"
                  [removableRevision]="mayAttach ? 0 : null"
                  (removed)="changed.emit()"
                />
                @if (mayAttach) {
                  <app-attachment-upload
                    [owner]="{ kind: 'close-requests', id: closeOut.id }"
                    (uploaded)="changed.emit()"
                  />
                }
              </div>
            }
            @if (closeOut.signedAt) {
              <div class="meta" data-testid="close-out-signed">
                {{
                  'closeOut.signedBy'
                    | transloco: { who: closeOut.signedByName ?? '', when: (closeOut.signedAt | dateTime) }
                }}
              </div>
            }
          } @else {
            <div class="meta">{{ 'closeOut.hint' | transloco }}</div>
          }
        </div>
        <div class="actions">
          @if (task.allowedCloseOutActions.includes('request')) {
            <button
              mat-flat-button
              type="button"
              (click)="request()"
              [disabled]="busy()"
              data-testid="request-close-out"
            >
              {{ 'closeOut.request' | transloco }}
            </button>
          }
          @if (task.allowedCloseOutActions.includes('sign') && task.allowedActions.includes('complete')) {
            <button mat-flat-button type="button" (click)="signOff.emit()" [disabled]="busy()" data-testid="sign-off">
              {{ 'closeOut.sign' | transloco }}
            </button>
          }
          @if (task.allowedCloseOutActions.includes('reject')) {
            <button
              mat-stroked-button
              type="button"
              (click)="reject()"
              [disabled]="busy()"
              data-testid="reject-close-out"
            >
              {{ 'closeOut.reject' | transloco }}
            </button>
          }
        </div>
      </section>
    }
  `,
  styles: `
    .close-out {
      display: flex;
      gap: 12px;
      align-items: flex-start;
      margin: 12px 0;
      padding: 12px 16px;
      border-radius: 12px;
      background: var(--mat-sys-surface-container-low);
      &.requested {
        background: #fff3d6;
      }
      &.signed {
        background: #dcf5e3;
      }
      &.rejected {
        background: #fde2e1;
      }
    }
    .text {
      flex: 1;
    }
    .state {
      font: var(--mat-sys-title-small);
    }
    .meta {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .summary {
      margin: 4px 0;
    }
    .evidence {
      margin: 8px 0;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CloseOutPanel {
  private readonly api = inject(DirectivesService);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);

  readonly task = input.required<TaskView>();
  /** The task changed (a request or a rejection): the page reloads it. */
  readonly changed = output<void>();
  /** The committee signs off: the page completes the task (with its confirmation). */
  readonly signOff = output<void>();

  protected readonly busy = signal(false);

  protected request(): void {
    const task = this.task();
    this.open(
      {
        title: 'closeOut.requestTitle',
        label: 'closeOut.summary',
        confirm: 'closeOut.request',
        required: true,
        maxLength: TEXT_LIMITS.longText,
        draftKey: `close-request.${task.id}`,
        field: 'summary',
        send: (summary) => this.api.requestCloseOut(task, summary),
      },
      'closeOut.requested',
    );
  }

  protected reject(): void {
    const task = this.task();
    this.open(
      {
        title: 'closeOut.rejectTitle',
        label: 'closeOut.rejectReason',
        confirm: 'closeOut.reject',
        required: true,
        maxLength: TEXT_LIMITS.longText,
        draftKey: `close-reject.${task.id}`,
        field: 'reason',
        send: (reason) => this.api.rejectCloseOut(task, reason),
      },
      'closeOut.rejected',
    );
  }

  private open(data: ReasonDialogData<TaskView>, done: string): void {
    this.dialog
      .open<ReasonDialog<TaskView>, ReasonDialogData<TaskView>, TaskView>(ReasonDialog, formDialogConfig(data))
      .afterClosed()
      .subscribe((updated) => {
        if (updated) {
          this.notifier.success(done);
          this.changed.emit();
        }
      });
  }
}
