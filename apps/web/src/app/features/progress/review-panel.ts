import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  effect,
  inject,
  input,
  output,
  signal,
  untracked,
} from '@angular/core';
import { FormControl, NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatRadioModule } from '@angular/material/radio';
import { TranslocoPipe } from '@jsverse/transloco';
import { type ReportView, TEXT_LIMITS } from '@zibo/domain';
import type { ErrorMessage } from '../../core/feedback/error-message';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { FieldErrorPipe } from '../../core/forms/field-error.pipe';
import { applyFieldErrors } from '../../core/forms/field-errors';
import { type FormDraft, FormDraftStore } from '../../core/forms/form-draft-store';
import { saveFailure } from '../../core/forms/save-failure';
import { ProgressService } from './progress.service';
import { EMPTY_REVIEW, parseReview } from './review-form';

/** The committee approves a submitted report, or returns it with a comment; a score is optional. */
@Component({
  selector: 'app-review-panel',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatRadioModule,
    TranslocoPipe,
    ErrorMessagePipe,
    FieldErrorPipe,
  ],
  template: `
    <form [formGroup]="form" (ngSubmit)="send()" novalidate class="review" data-testid="review-panel">
      <h2 class="title">{{ 'review.title' | transloco }}</h2>
      @if (saving()) {
        <mat-progress-bar mode="indeterminate" />
      }
      <mat-radio-group formControlName="decision" class="decisions" [attr.aria-label]="'review.decision' | transloco">
        <mat-radio-button value="approve">{{ 'review.approve' | transloco }}</mat-radio-button>
        <mat-radio-button value="return">{{ 'review.return' | transloco }}</mat-radio-button>
      </mat-radio-group>
      @if (form.controls.decision.errors) {
        <p class="error" role="alert">{{ form.controls.decision.errors | fieldError }}</p>
      }
      <mat-form-field class="field">
        <mat-label>{{ 'review.comment' | transloco }}</mat-label>
        <textarea
          matInput
          formControlName="comment"
          rows="3"
          [maxlength]="limits.longText"
          [required]="form.controls.decision.value === 'return'"
        ></textarea>
        <mat-hint>{{ 'review.commentHint' | transloco }}</mat-hint>
        <mat-error>{{ form.controls.comment.errors | fieldError }}</mat-error>
      </mat-form-field>
      <mat-form-field class="field score">
        <mat-label>{{ 'review.score' | transloco }}</mat-label>
        <input matInput type="number" min="0" max="100" step="1" formControlName="score" />
        <mat-hint>{{ 'review.scoreHint' | transloco }}</mat-hint>
        <mat-error>{{ form.controls.score.errors | fieldError }}</mat-error>
      </mat-form-field>
      @if (failure(); as failure) {
        <p class="failure" role="alert"><mat-icon aria-hidden="true">error</mat-icon>{{ failure | errorMessage }}</p>
      }
      <div class="actions">
        <button mat-flat-button type="submit" [disabled]="saving()">{{ 'review.send' | transloco }}</button>
      </div>
    </form>
  `,
  styles: `
    .review {
      padding: 16px;
      border: 2px solid var(--mat-sys-primary);
      border-radius: 12px;
    }
    .title {
      font: var(--mat-sys-title-medium);
      margin: 0 0 8px;
    }
    .decisions {
      display: flex;
      flex-wrap: wrap;
      gap: 16px;
      margin-bottom: 12px;
    }
    .field {
      width: 100%;
      margin-bottom: 8px;
    }
    .score {
      max-width: 200px;
    }
    .error {
      color: var(--mat-sys-error);
      margin: 0 0 8px;
    }
    .failure {
      display: flex;
      gap: 8px;
      padding: 8px 12px;
      border-radius: 8px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .actions {
      display: flex;
      justify-content: flex-end;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReviewPanel {
  private readonly progress = inject(ProgressService);
  private readonly drafts = inject(FormDraftStore);
  private readonly destroyRef = inject(DestroyRef);
  private draft: FormDraft | null = null;
  private draftFor: string | null = null;

  readonly report = input.required<ReportView>();
  readonly reviewed = output<ReportView>();

  protected readonly limits = TEXT_LIMITS;
  protected readonly form = inject(NonNullableFormBuilder).group({
    decision: this.fbDecision(),
    comment: EMPTY_REVIEW.comment,
    score: new FormControl<number | null>(EMPTY_REVIEW.score),
  });
  protected readonly saving = signal(false);
  protected readonly failure = signal<ErrorMessage | null>(null);

  constructor() {
    effect(() => {
      const id = this.report().id;
      if (id === this.draftFor) {
        return;
      }
      this.draftFor = id;
      untracked(() => {
        this.draft = this.drafts.attach(this.form, `review.${id}`, { destroyRef: this.destroyRef });
      });
    });
  }

  protected send(): void {
    if (this.saving()) {
      return;
    }
    this.failure.set(null);
    const parsed = parseReview(this.form.getRawValue());
    if (!parsed.ok) {
      applyFieldErrors(this.form, parsed.errors);
      return;
    }
    this.saving.set(true);
    this.progress.review(this.report(), parsed.value).subscribe({
      next: (report) => {
        this.saving.set(false);
        this.draft?.clear();
        this.form.reset(EMPTY_REVIEW);
        this.reviewed.emit(report);
      },
      error: (error: unknown) => {
        this.saving.set(false);
        const failure = saveFailure(this.form, error);
        if (failure.kind === 'message') {
          this.failure.set(failure.message);
        } else if (failure.kind === 'stale') {
          this.failure.set({ key: 'review.stale' });
        }
      },
    });
  }

  private fbDecision(): FormControl<'approve' | 'return' | ''> {
    return new FormControl<'approve' | 'return' | ''>(EMPTY_REVIEW.decision, { nonNullable: true });
  }
}
