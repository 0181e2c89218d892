import { HttpParams } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { TranslocoPipe } from '@jsverse/transloco';
import type { ListExportFormat } from '@zibo/domain';
import { DownloadTracker, FileDownloads } from '../core/api/download';
import { DownloadProgress } from './download-progress';

/**
 * Export buttons of a list: the same address and filters as the list, with `format=xlsx|csv`;
 * the api sends every matching row. The file is saved under the name the server gives.
 */
@Component({
  selector: 'app-export-buttons',
  imports: [MatButtonModule, MatIconModule, TranslocoPipe, DownloadProgress],
  template: `
    <div class="buttons" role="group" [attr.aria-label]="'exports.label' | transloco">
      @for (format of formats; track format) {
        <button
          mat-stroked-button
          type="button"
          (click)="export(format)"
          [disabled]="download.busy()"
          [attr.data-testid]="'export-' + format"
        >
          <mat-icon>download</mat-icon>
          {{ 'exports.' + format | transloco }}
        </button>
      }
    </div>
    <app-download-progress
      [state]="download.state()"
      [failure]="download.failure()"
      [label]="download.label()"
      (cancelled)="download.cancel()"
    />
  `,
  styles: `
    .buttons {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ExportButtons {
  private readonly downloads = inject(FileDownloads);

  /** The list's api address, e.g. `/api/tasks`. */
  readonly url = input.required<string>();
  /** The list's query (filters); paging is dropped. */
  readonly params = input<HttpParams>(new HttpParams());
  /** Name of the file when the server gives none, without extension. */
  readonly fileName = input('export');

  protected readonly formats: readonly ListExportFormat[] = ['xlsx', 'csv'];
  protected readonly download = new DownloadTracker();

  protected export(format: ListExportFormat): void {
    const params = this.params().delete('limit').delete('cursor').set('format', format);
    this.download.start(
      format.toUpperCase(),
      this.downloads.download(this.url(), params, `${this.fileName()}.${format}`),
    );
  }
}
