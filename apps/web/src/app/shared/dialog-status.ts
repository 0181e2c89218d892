import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { TranslocoPipe } from '@jsverse/transloco';
import type { ErrorMessage } from '../core/feedback/error-message';
import { ErrorMessagePipe } from '../core/feedback/error-message.pipe';

/**
 * The top of a form dialog: saving progress, the restored-draft note (with its discard button), a notice
 * (another user's change merged in) and the failure of the last save.
 */
@Component({
  selector: 'app-dialog-status',
  imports: [MatButtonModule, MatIconModule, MatProgressBarModule, TranslocoPipe, ErrorMessagePipe],
  template: `
    @if (saving()) {
      <mat-progress-bar mode="indeterminate" class="progress" />
    }
    @if (draftRestored()) {
      <p class="note" role="status">
        <mat-icon aria-hidden="true">history</mat-icon>
        <span>{{ 'drafts.restored' | transloco }}</span>
        <button mat-button type="button" (click)="discardDraft.emit()">{{ 'drafts.discard' | transloco }}</button>
      </p>
    }
    @if (notice(); as notice) {
      <p class="note" role="status"><mat-icon aria-hidden="true">sync_problem</mat-icon>{{ notice | errorMessage }}</p>
    }
    @if (failure(); as failure) {
      <p class="failure" role="alert"><mat-icon aria-hidden="true">error</mat-icon>{{ failure | errorMessage }}</p>
    }
  `,
  styleUrl: './form-dialog.scss',
  // The notes stand in the dialog's content as if written there.
  host: { style: 'display: contents' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DialogStatus {
  readonly saving = input(false);
  readonly draftRestored = input(false);
  readonly notice = input<ErrorMessage | null>(null);
  readonly failure = input<ErrorMessage | null>(null);
  readonly discardDraft = output();
}
