import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { TranslocoPipe } from '@jsverse/transloco';
import { type DownloadState, downloadPercent } from '../core/api/download';
import type { ErrorMessage } from '../core/feedback/error-message';
import { ErrorMessagePipe } from '../core/feedback/error-message.pipe';
import { fileSize } from '../core/i18n/display-format';

/** A download's progress line: bytes received (of the total, when the server says), then the saved file. */
@Component({
  selector: 'app-download-progress',
  imports: [MatButtonModule, MatIconModule, MatProgressBarModule, TranslocoPipe, ErrorMessagePipe],
  template: `
    @if (state(); as state) {
      <div
        class="download"
        role="status"
        aria-live="polite"
        data-testid="download-progress"
        [attr.data-phase]="state.phase"
      >
        @if (state.phase === 'done') {
          <mat-icon class="ok" aria-hidden="true">download_done</mat-icon>
          <span>{{ 'downloads.saved' | transloco: { fileName: state.fileName, size: size(state.loaded) } }}</span>
        } @else {
          <mat-progress-bar
            class="bar"
            [mode]="percent() === null ? 'indeterminate' : 'determinate'"
            [value]="percent() ?? 0"
            [attr.aria-label]="'downloads.progress' | transloco"
          />
          <span>
            @if (state.phase === 'waiting') {
              {{ 'downloads.preparing' | transloco: { label: label() } }}
            } @else if (state.total) {
              {{
                'downloads.receivedOf'
                  | transloco: { label: label(), loaded: size(state.loaded), total: size(state.total) }
              }}
            } @else {
              {{ 'downloads.received' | transloco: { label: label(), loaded: size(state.loaded) } }}
            }
          </span>
          <button mat-button type="button" (click)="cancelled.emit()">{{ 'common.cancel' | transloco }}</button>
        }
      </div>
    }
    @if (failure(); as failure) {
      <p class="failure" role="alert">
        <mat-icon aria-hidden="true">error</mat-icon>
        {{ 'downloads.failed' | transloco: { label: label() } }} {{ failure | errorMessage }}
      </p>
    }
  `,
  styles: `
    .download,
    .failure {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 12px;
      margin: 8px 0;
    }
    .bar {
      flex: 1 1 100%;
    }
    .ok {
      color: #1e7d3c;
    }
    .failure {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DownloadProgress {
  readonly state = input<DownloadState | null>(null);
  readonly failure = input<ErrorMessage | null>(null);
  /** What is being downloaded, e.g. "CSV". */
  readonly label = input<string | null>('');
  readonly cancelled = output();

  protected readonly percent = computed(() => {
    const state = this.state();
    return state ? downloadPercent(state) : null;
  });
  protected readonly size = fileSize;
}
