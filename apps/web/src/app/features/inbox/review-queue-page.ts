import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import type { ReviewQueueItemView } from '@zibo/domain';
import { debounceTime } from 'rxjs';
import { type ErrorMessage, errorMessage } from '../../core/feedback/error-message';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { DateTimePipe, PeriodPipe } from '../../core/i18n/display-format.pipes';
import { LanguageService } from '../../core/i18n/language.service';
import { ReferenceData } from '../../core/reference/reference-data.service';
import { InboxService } from './inbox.service';

const FOCUS_AREAS = ['FA1', 'FA2', 'FA3', 'FA4', 'FA5', 'FA6', 'FA7', 'FA8'];

/** The committee's review queue: every submitted report across tasks, oldest first, resubmissions marked. */
@Component({
  selector: 'app-review-queue-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatProgressBarModule,
    MatSelectModule,
    TranslocoPipe,
    ErrorMessagePipe,
    DateTimePipe,
    PeriodPipe,
  ],
  template: `
    <header class="page-header">
      <h1 class="title">{{ 'reviewQueue.title' | transloco }}</h1>
    </header>
    <form class="filters" [formGroup]="filter">
      <mat-form-field>
        <mat-label>{{ 'reviewQueue.focusArea' | transloco }}</mat-label>
        <mat-select formControlName="focusArea">
          <mat-option [value]="null">{{ 'reviewQueue.all' | transloco }}</mat-option>
          @for (code of focusAreas; track code) {
            <mat-option [value]="code">{{ code }}</mat-option>
          }
        </mat-select>
      </mat-form-field>
      <mat-form-field>
        <mat-label>{{ 'reviewQueue.department' | transloco }}</mat-label>
        <mat-select formControlName="department">
          <mat-option [value]="null">{{ 'reviewQueue.all' | transloco }}</mat-option>
          @for (department of reference.departments(); track department.id) {
            <mat-option [value]="department.id">{{ reference.departmentName(department.id) }}</mat-option>
          }
        </mat-select>
      </mat-form-field>
      <mat-form-field>
        <mat-label>{{ 'reviewQueue.lateness' | transloco }}</mat-label>
        <mat-select formControlName="late">
          <mat-option [value]="null">{{ 'reviewQueue.all' | transloco }}</mat-option>
          <mat-option [value]="true">{{ 'reviewQueue.lateOnly' | transloco }}</mat-option>
          <mat-option [value]="false">{{ 'reviewQueue.onTimeOnly' | transloco }}</mat-option>
        </mat-select>
      </mat-form-field>
    </form>
    @if (loading()) {
      <mat-progress-bar mode="indeterminate" [attr.aria-label]="'common.loading' | transloco" />
    }
    @if (failure(); as failure) {
      <div class="failure" role="alert">
        <span>{{ failure | errorMessage }}</span>
        <button mat-button type="button" (click)="load()">{{ 'common.retry' | transloco }}</button>
      </div>
    }
    @if (!loading() && !failure() && items().length === 0) {
      <p class="empty">{{ 'reviewQueue.none' | transloco }}</p>
    }
    <ul class="list">
      @for (item of items(); track item.reportId) {
        <li class="item" data-testid="review-queue-item">
          <div class="body">
            <a class="task" [routerLink]="['/tasks', item.taskId, 'reports', item.reportId]">{{ item.taskTitle }}</a>
            <div class="meta">
              <span>{{ item.workItemCode }}</span>
              <span>{{ reference.departmentName(item.leadDepartmentId) }}</span>
              <span>{{ item.period | period: lang() }}</span>
              <span>{{ item.percentComplete }}%</span>
              <span>{{ 'reviewQueue.submittedAt' | transloco: { at: (item.submittedAt | dateTime) } }}</span>
              @if (item.late) {
                <span class="late">{{ 'reviewQueue.late' | transloco }}</span>
              }
            </div>
            @if (item.resubmitted) {
              <div class="resubmitted" data-testid="resubmitted">
                {{ 'reviewQueue.resubmitted' | transloco: { revision: item.revision, count: item.changes.length } }}
              </div>
            }
          </div>
          <a mat-flat-button [routerLink]="['/tasks', item.taskId, 'reports', item.reportId]">
            {{ 'reviewQueue.review' | transloco }}
          </a>
        </li>
      }
    </ul>
    @if (nextCursor()) {
      <div class="more">
        <button mat-stroked-button type="button" (click)="load(true)" [disabled]="loading()">
          {{ 'common.loadMore' | transloco }}
        </button>
      </div>
    }
  `,
  styleUrl: './home-page.scss',
  styles: `
    .filters {
      display: flex;
      flex-wrap: wrap;
      gap: 0 12px;
    }
    .late {
      color: var(--mat-sys-error);
    }
    .resubmitted {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-primary);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReviewQueuePage {
  private readonly api = inject(InboxService);
  protected readonly reference = inject(ReferenceData);
  protected readonly lang = inject(LanguageService).current;
  protected readonly focusAreas = FOCUS_AREAS;

  protected readonly filter = new FormGroup({
    focusArea: new FormControl<string | null>(null),
    department: new FormControl<string | null>(null),
    late: new FormControl<boolean | null>(null),
  });
  protected readonly items = signal<ReviewQueueItemView[]>([]);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly loading = signal(true);
  protected readonly failure = signal<ErrorMessage | null>(null);

  constructor() {
    this.reference.load().subscribe({ error: () => undefined });
    this.load();
    this.filter.valueChanges.pipe(debounceTime(100), takeUntilDestroyed()).subscribe(() => this.load());
  }

  protected load(more = false): void {
    this.loading.set(true);
    this.failure.set(null);
    this.api.reviewQueue(this.filter.getRawValue(), more ? this.nextCursor() : null).subscribe({
      next: (page) => {
        this.items.update((current) => (more ? [...current, ...page.items] : page.items));
        this.nextCursor.set(page.nextCursor);
        this.loading.set(false);
      },
      error: (error: unknown) => {
        this.failure.set(errorMessage(error));
        this.loading.set(false);
      },
    });
  }
}
