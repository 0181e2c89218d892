import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { TranslocoPipe } from '@jsverse/transloco';
import {
  type FieldError,
  TASK_IMPORT_COLUMNS,
  TASK_IMPORT_LIMITS,
  type TaskImportPreview,
  type TaskImportResult,
  type TaskImportRowView,
} from '@zibo/domain';
import { isApiError } from '../../core/api/api-error';
import { DownloadTracker } from '../../core/api/download';
import { randomUuid } from '../../core/api/idempotency-key';
import { type ErrorMessage, errorMessage } from '../../core/feedback/error-message';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { fieldErrorMessageKey } from '../../core/forms/field-error-message';
import { DownloadProgress } from '../../shared/download-progress';
import { TasksService } from './tasks.service';

/** Codes of import row errors that the shared field messages do not cover. */
const IMPORT_CODES: Record<string, string> = {
  unknown: 'taskImport.errors.unknown',
  invalid_value: 'taskImport.errors.invalidValue',
  invalid_format: 'validation.date',
  invalid_type: 'validation.required',
};

/** The sheet's column header an api field error belongs to (`coDepartmentIds.1` → 配合单位). */
export function importColumnOf(field: string): string {
  const name = field.split('.')[0];
  return TASK_IMPORT_COLUMNS.find((c) => c.field === name)?.header ?? name;
}

/** A row error as a message: the translated rule when there is one, else the api's words. */
export function importErrorMessage(error: FieldError): ErrorMessage {
  const key = IMPORT_CODES[error.code];
  return key ? { key } : (fieldErrorMessageKey(error) ?? { text: error.message });
}

/**
 * Excel import of tasks (committee): download the template, upload the filled-in sheet, read the
 * preview with each row's errors, then confirm. Nothing is stored before the confirmation, and the
 * confirmation creates every row as a draft task or none.
 */
@Component({
  selector: 'app-task-import-dialog',
  imports: [
    MatButtonModule,
    MatDialogModule,
    MatIconModule,
    MatProgressBarModule,
    TranslocoPipe,
    ErrorMessagePipe,
    DownloadProgress,
  ],
  template: `
    <h2 mat-dialog-title>{{ 'taskImport.title' | transloco }}</h2>
    <mat-dialog-content class="content">
      <ol class="steps">
        <li>
          {{ 'taskImport.step1' | transloco }}
          <button mat-stroked-button type="button" (click)="downloadTemplate()" [disabled]="template.busy()">
            <mat-icon>download</mat-icon>
            {{ 'taskImport.template' | transloco }}
          </button>
        </li>
        <li>
          {{ 'taskImport.step2' | transloco: { rows: limits.maxRows, size: limits.maxBytes / 1024 / 1024 } }}
          <input
            #picker
            type="file"
            class="visually-hidden"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            (change)="choose(picker)"
            data-testid="import-input"
            tabindex="-1"
            aria-hidden="true"
          />
          <button mat-stroked-button type="button" (click)="picker.click()" [disabled]="busy()">
            <mat-icon>upload_file</mat-icon>
            {{ (file() ? 'taskImport.chooseAgain' : 'taskImport.choose') | transloco }}
          </button>
          @if (file(); as file) {
            <span class="file-name">{{ file.name }}</span>
          }
        </li>
      </ol>
      <app-download-progress
        [state]="template.state()"
        [failure]="template.failure()"
        [label]="template.label()"
        (cancelled)="template.cancel()"
      />
      @if (busy()) {
        <mat-progress-bar mode="indeterminate" class="progress" [attr.aria-label]="'common.loading' | transloco" />
      }
      @if (failure(); as failure) {
        <p class="failure" role="alert"><mat-icon aria-hidden="true">error</mat-icon>{{ failure | errorMessage }}</p>
      }
      @if (preview(); as preview) {
        <p class="summary" [class.has-errors]="preview.invalid > 0" data-testid="import-summary" role="status">
          {{
            'taskImport.summary'
              | transloco: { total: preview.rows.length, valid: preview.valid, invalid: preview.invalid }
          }}
        </p>
        <div class="table-wrap">
          <table class="preview" [attr.aria-label]="'taskImport.preview' | transloco">
            <thead>
              <tr>
                <th scope="col">{{ 'taskImport.row' | transloco }}</th>
                @for (column of columns; track column.key) {
                  <th scope="col">{{ column.header }}</th>
                }
                <th scope="col">{{ 'taskImport.problems' | transloco }}</th>
              </tr>
            </thead>
            <tbody>
              @for (row of preview.rows; track row.row) {
                <tr [class.invalid]="row.errors.length > 0" data-testid="import-row">
                  <td>{{ row.row }}</td>
                  @for (column of columns; track column.key) {
                    <td [class.bad]="hasError(row, column.field)">{{ row.cells[column.key] ?? '' }}</td>
                  }
                  <td class="problems">
                    @if (row.errors.length === 0) {
                      <mat-icon class="ok" [attr.aria-label]="'taskImport.ok' | transloco">check_circle</mat-icon>
                    }
                    @for (error of row.errors; track $index) {
                      <div data-testid="import-error">
                        {{ columnOf(error.field) }}：{{ messageOf(error) | errorMessage }}
                      </div>
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | transloco }}</button>
      <button
        mat-flat-button
        type="button"
        (click)="confirm()"
        [disabled]="!importable() || busy()"
        data-testid="import-confirm"
      >
        {{ 'taskImport.confirm' | transloco: { count: preview()?.valid ?? 0 } }}
      </button>
    </mat-dialog-actions>
  `,
  styleUrl: './task-import-dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TaskImportDialog {
  private readonly tasks = inject(TasksService);
  private readonly dialogRef = inject<MatDialogRef<TaskImportDialog, TaskImportResult>>(MatDialogRef);

  protected readonly limits = TASK_IMPORT_LIMITS;
  protected readonly columns = TASK_IMPORT_COLUMNS;
  protected readonly template = new DownloadTracker();
  protected readonly file = signal<File | null>(null);
  protected readonly preview = signal<TaskImportPreview | null>(null);
  protected readonly busy = signal(false);
  protected readonly failure = signal<ErrorMessage | null>(null);
  protected readonly importable = computed(() => {
    const preview = this.preview();
    return preview !== null && preview.invalid === 0 && preview.valid > 0;
  });
  // One key per chosen file: a retry after a lost answer imports it once.
  private idempotencyKey = randomUuid();

  protected downloadTemplate(): void {
    this.template.start('XLSX', this.tasks.importTemplate());
  }

  protected choose(picker: HTMLInputElement): void {
    const file = picker.files?.[0] ?? null;
    // The same file chosen again (after fixing it) must fire change again.
    picker.value = '';
    if (!file) {
      return;
    }
    this.file.set(file);
    this.preview.set(null);
    this.failure.set(null);
    this.idempotencyKey = randomUuid();
    if (file.size > TASK_IMPORT_LIMITS.maxBytes) {
      this.failure.set({ key: 'taskImport.tooBig', params: { size: TASK_IMPORT_LIMITS.maxBytes / 1024 / 1024 } });
      return;
    }
    this.busy.set(true);
    this.tasks.previewImport(file).subscribe({
      next: (preview) => {
        this.busy.set(false);
        this.preview.set(preview);
      },
      error: (error: unknown) => this.fail(error),
    });
  }

  protected confirm(): void {
    const file = this.file();
    if (!file || !this.importable() || this.busy()) {
      return;
    }
    this.busy.set(true);
    this.failure.set(null);
    this.tasks.runImport(file, this.idempotencyKey).subscribe({
      next: (result) => this.dialogRef.close(result),
      error: (error: unknown) => this.fail(error),
    });
  }

  protected hasError(row: TaskImportRowView, field: string): boolean {
    return row.errors.some((e) => e.field.split('.')[0] === field);
  }

  protected columnOf(field: string): string {
    return importColumnOf(field);
  }

  protected messageOf(error: FieldError): ErrorMessage {
    return importErrorMessage(error);
  }

  private fail(error: unknown): void {
    this.busy.set(false);
    if (isApiError(error, 413)) {
      this.failure.set({ key: 'taskImport.tooBig', params: { size: TASK_IMPORT_LIMITS.maxBytes / 1024 / 1024 } });
    } else if (isApiError(error, 415)) {
      this.failure.set({ key: 'taskImport.notXlsx' });
    } else {
      this.failure.set(errorMessage(error));
    }
  }
}
