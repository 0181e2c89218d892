import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { TranslocoPipe } from '@jsverse/transloco';
import type { ErrorMessage } from '../core/feedback/error-message';
import { ErrorMessagePipe } from '../core/feedback/error-message.pipe';

/** Above an admin page's table: the loading bar, or why the list could not be read with a retry button. */
@Component({
  selector: 'app-admin-list-state',
  imports: [MatButtonModule, MatIconModule, MatProgressBarModule, TranslocoPipe, ErrorMessagePipe],
  template: `
    @if (loading()) {
      <mat-progress-bar mode="indeterminate" [attr.aria-label]="'common.loading' | transloco" />
    }
    @if (failure(); as failure) {
      <div class="failure" role="alert">
        <mat-icon aria-hidden="true">error</mat-icon>
        <span>{{ failure | errorMessage }}</span>
        <button mat-button type="button" (click)="retry.emit()">{{ 'common.retry' | transloco }}</button>
      </div>
    }
  `,
  styleUrl: './admin-page.scss',
  // The bar and the failure stand in the page as if written there.
  host: { style: 'display: contents' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdminListState {
  readonly loading = input(false);
  readonly failure = input<ErrorMessage | null>(null);
  readonly retry = output();
}
