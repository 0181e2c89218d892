import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { TranslocoPipe } from '@jsverse/transloco';
import { businessDateSchema, type MilestoneView, parseInput, type TaskView } from '@zibo/domain';
import { type ErrorMessage, errorMessage } from '../../core/feedback/error-message';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { FieldErrorPipe } from '../../core/forms/field-error.pipe';
import { applyFieldErrors } from '../../core/forms/field-errors';
import { BusinessCalendar } from '../../core/reference/business-calendar';
import { TasksService } from './tasks.service';
import { BusinessDatepicker } from '../../core/i18n/business-calendar-header';
import { BUSINESS_DATES } from '../../core/i18n/business-date-adapter';

export interface MilestoneDoneDialogData {
  task: TaskView;
  milestone: MilestoneView;
}

/** Records the day a milestone was reached (or clears it); sends only `{ milestones: [{ id, doneDate }] }`. */
@Component({
  selector: 'app-milestone-done-dialog',
  providers: [BUSINESS_DATES],
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatIconModule,
    MatDatepickerModule,
    BusinessDatepicker,
    MatInputModule,
    MatProgressBarModule,
    TranslocoPipe,
    ErrorMessagePipe,
    FieldErrorPipe,
  ],
  template: `
    <h2 mat-dialog-title>{{ 'milestones.doneTitle' | transloco }}</h2>
    <form [formGroup]="form" (ngSubmit)="save(form.controls.doneDate.value)" novalidate>
      <mat-dialog-content>
        @if (saving()) {
          <mat-progress-bar mode="indeterminate" class="progress" />
        }
        @if (failure(); as failure) {
          <p class="failure" role="alert"><mat-icon aria-hidden="true">error</mat-icon>{{ failure | errorMessage }}</p>
        }
        <p>{{ data.milestone.title }} · {{ 'milestones.planned' | transloco }} {{ data.milestone.plannedDate }}</p>
        <mat-form-field class="field">
          <mat-label>{{ 'milestones.doneDate' | transloco }}</mat-label>
          <input matInput [matDatepicker]="doneDatePicker" formControlName="doneDate" required [max]="today" />
          <mat-datepicker-toggle matIconSuffix [for]="doneDatePicker" />
          <mat-datepicker #doneDatePicker appCalendarHeader />
          <mat-error>{{ form.controls.doneDate.errors | fieldError }}</mat-error>
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        @if (data.milestone.doneDate) {
          <button mat-button type="button" (click)="save(null)" [disabled]="saving()">
            {{ 'milestones.undo' | transloco }}
          </button>
        }
        <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | transloco }}</button>
        <button mat-flat-button type="submit" [disabled]="saving()">{{ 'common.save' | transloco }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styleUrl: '../../shared/form-dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MilestoneDoneDialog {
  protected readonly data = inject<MilestoneDoneDialogData>(MAT_DIALOG_DATA);
  private readonly tasks = inject(TasksService);
  private readonly dialogRef = inject<MatDialogRef<MilestoneDoneDialog, TaskView>>(MatDialogRef);

  protected readonly today = inject(BusinessCalendar).today();
  protected readonly form = inject(NonNullableFormBuilder).group({
    doneDate: this.data.milestone.doneDate ?? this.today,
  });
  protected readonly saving = signal(false);
  protected readonly failure = signal<ErrorMessage | null>(null);

  protected save(doneDate: string | null): void {
    if (this.saving()) {
      return;
    }
    this.failure.set(null);
    if (doneDate !== null) {
      const parsed = parseInput(businessDateSchema, doneDate);
      if (!parsed.ok) {
        applyFieldErrors(this.form, [{ field: 'doneDate', code: 'invalid', message: 'Required' }]);
        return;
      }
    }
    this.saving.set(true);
    this.tasks.update(this.data.task, { milestones: [{ id: this.data.milestone.id, doneDate }] }).subscribe({
      next: (task) => this.dialogRef.close(task),
      error: (error: unknown) => {
        this.saving.set(false);
        this.failure.set(errorMessage(error));
      },
    });
  }
}
