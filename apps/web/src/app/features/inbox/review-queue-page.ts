import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { ActivatedRoute, RouterLink, Router } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import {
  type ReportView,
  type ReviewQueueItemView,
  type ReviewQueueSortKey,
  type SortToken,
  REVIEW_QUEUE_DEFAULT_SORT,
  REVIEW_QUEUE_SORT_KEYS,
  TEXT_LIMITS,
  hasPermission,
  parseSort,
  sortTokens,
} from '@zibo/domain';
import { debounceTime } from 'rxjs';
import { isApiError } from '../../core/api/api-error';
import { AuthService } from '../../core/auth/auth.service';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { Notifier } from '../../core/feedback/notifier.service';
import { formDialogConfig } from '../../core/forms/dialog-config';
import { DateTimePipe, PeriodPipe } from '../../core/i18n/display-format.pipes';
import { LanguageService } from '../../core/i18n/language.service';
import { ReferenceData } from '../../core/reference/reference-data.service';
import { ExportButtons } from '../../shared/export-buttons';
import { ReasonDialog, type ReasonDialogData } from '../../shared/reason-dialog';
import { CursorList } from '../../shared/cursor-list';
import { InboxService, reviewQueueParams } from './inbox.service';

const FOCUS_AREAS = ['FA1', 'FA2', 'FA3', 'FA4', 'FA5', 'FA6', 'FA7', 'FA8'];
type QueueSort = SortToken<ReviewQueueSortKey>;
/** The queue's orders, the default (oldest submission first) first. */
const SORT_OPTIONS: readonly QueueSort[] = sortTokens(REVIEW_QUEUE_SORT_KEYS);

/** A `sort=` from the address bar the api accepts, or null (the default order). */
export function queueSortOf(value: unknown): QueueSort | null {
  const token = SORT_OPTIONS.find((option) => option === value);
  return token && token !== REVIEW_QUEUE_DEFAULT_SORT ? token : null;
}

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
    ExportButtons,
  ],
  template: `
    <header class="page-header">
      <h1 class="title">{{ 'reviewQueue.title' | transloco }}</h1>
      <div class="header-actions">
        <app-export-buttons url="/api/review-queue" [params]="exportParams()" fileName="review-queue" />
      </div>
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
      <mat-form-field>
        <mat-label>{{ 'reviewQueue.sort' | transloco }}</mat-label>
        <mat-select formControlName="sort" data-testid="queue-sort">
          @for (option of sortOptions; track option) {
            @let label = sortLabel(option);
            <mat-option [value]="option">{{
              'reviewQueue.sortOption'
                | transloco: { key: (label.key | transloco), direction: (label.direction | transloco) }
            }}</mat-option>
          }
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
          <div
            class="actions"
            role="group"
            [attr.aria-label]="'reviewQueue.actionsFor' | transloco: { title: item.taskTitle }"
          >
            @if (canReview()) {
              <button
                mat-flat-button
                type="button"
                data-testid="queue-approve"
                [disabled]="busy().has(item.reportId)"
                [attr.aria-label]="'reviewQueue.approveLabel' | transloco: { title: item.taskTitle }"
                (click)="approve(item)"
              >
                <mat-icon aria-hidden="true">check</mat-icon>
                {{ 'reviewQueue.approve' | transloco }}
              </button>
              <button
                mat-stroked-button
                type="button"
                data-testid="queue-return"
                [disabled]="busy().has(item.reportId)"
                [attr.aria-label]="'reviewQueue.returnLabel' | transloco: { title: item.taskTitle }"
                (click)="returnReport(item)"
              >
                <mat-icon aria-hidden="true">undo</mat-icon>
                {{ 'reviewQueue.return' | transloco }}
              </button>
            }
            <a
              mat-button
              [routerLink]="['/tasks', item.taskId, 'reports', item.reportId]"
              [attr.aria-label]="
                (canReview() ? 'reviewQueue.detailsLabel' : 'reviewQueue.openLabel')
                  | transloco: { title: item.taskTitle }
              "
            >
              {{ (canReview() ? 'reviewQueue.details' : 'reviewQueue.open') | transloco }}
            </a>
          </div>
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
    .actions {
      display: flex;
      flex-wrap: wrap;
      justify-content: flex-end;
      gap: 8px;
    }
    /* Phone: the buttons go under the text, full rows of thumb-sized targets. */
    @media (max-width: 599.98px) {
      .item {
        flex-direction: column;
        align-items: stretch;
      }
      .actions {
        justify-content: stretch;
      }
      .actions > * {
        flex: 1 1 auto;
        min-height: 44px;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReviewQueuePage {
  private readonly api = inject(InboxService);
  protected readonly reference = inject(ReferenceData);
  protected readonly lang = inject(LanguageService).current;
  protected readonly focusAreas = FOCUS_AREAS;
  /** null is the default order (oldest submission first). */
  protected readonly sortOptions: readonly (QueueSort | null)[] = [
    null,
    ...SORT_OPTIONS.filter((option) => option !== REVIEW_QUEUE_DEFAULT_SORT),
  ];
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly filter = new FormGroup({
    focusArea: new FormControl<string | null>(null),
    department: new FormControl<string | null>(null),
    late: new FormControl<boolean | null>(null),
    // The order is kept in the address bar: a reload or a shared link keeps it.
    sort: new FormControl<QueueSort | null>(queueSortOf(this.route.snapshot.queryParamMap.get('sort'))),
  });
  private readonly list = new CursorList<ReviewQueueItemView>(
    (cursor) => this.api.reviewQueue(this.filter.getRawValue(), cursor),
    { loading: true },
  );
  protected readonly items = this.list.items;
  protected readonly nextCursor = this.list.nextCursor;
  protected readonly loading = this.list.loading;
  protected readonly failure = this.list.failure;
  /** Reports with a decision on its way: their buttons wait. */
  protected readonly busy = signal<ReadonlySet<string>>(new Set());

  private readonly auth = inject(AuthService);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  /** Auditors read the queue; only the committee decides. */
  protected readonly canReview = computed(() => {
    const me = this.auth.me();
    return me !== null && hasPermission(me.role, 'reports:review');
  });
  /** The download holds what the list shows (its filters), every page of it. */
  protected readonly exportParams = signal(reviewQueueParams(this.filter.getRawValue()));

  constructor() {
    this.reference.load().subscribe({ error: () => undefined });
    this.load();
    this.filter.valueChanges.pipe(debounceTime(100), takeUntilDestroyed()).subscribe(() => {
      const sort = this.filter.controls.sort.value;
      if (sort !== queueSortOf(this.route.snapshot.queryParamMap.get('sort'))) {
        void this.router.navigate([], {
          relativeTo: this.route,
          queryParams: { sort },
          queryParamsHandling: 'merge',
          replaceUrl: true,
        });
      }
      this.exportParams.set(reviewQueueParams(this.filter.getRawValue()));
      this.load();
    });
  }

  protected sortLabel(option: QueueSort | null): { key: string; direction: string } {
    const sort = parseSort(option ?? REVIEW_QUEUE_DEFAULT_SORT);
    return {
      key: `reviewQueue.sortKey.${sort.key}`,
      direction: sort.direction === 'desc' ? 'reviewQueue.sortDesc' : 'reviewQueue.sortAsc',
    };
  }

  /** 通过, in one click, on the revision the row shows. */
  protected approve(item: ReviewQueueItemView): void {
    this.setBusy(item, true);
    this.api.review(item, { decision: 'approve' }).subscribe({
      next: () => this.decided(item, 'reviewQueue.approved'),
      error: (error: unknown) => this.failed(item, error),
    });
  }

  /** 退回: the reason is asked for in a dialog, which sends it and stays open on a failure. */
  protected returnReport(item: ReviewQueueItemView): void {
    const data: ReasonDialogData<ReportView> = {
      title: 'reviewQueue.returnTitle',
      params: { title: item.taskTitle },
      label: 'reviewQueue.returnReason',
      confirm: 'reviewQueue.returnConfirm',
      required: true,
      maxLength: TEXT_LIMITS.longText,
      draftKey: `review-return.${item.reportId}`,
      field: 'comment',
      send: (comment) => this.api.review(item, { decision: 'return', comment }),
    };
    this.dialog
      .open<ReasonDialog<ReportView>, ReasonDialogData<ReportView>, ReportView>(ReasonDialog, formDialogConfig(data))
      .afterClosed()
      .subscribe((returned) => {
        if (returned) {
          this.decided(item, 'reviewQueue.returned');
        }
      });
  }

  private decided(item: ReviewQueueItemView, message: string): void {
    this.setBusy(item, false);
    this.items.update((items) => items.filter((i) => i.reportId !== item.reportId));
    this.notifier.success(message, { title: item.taskTitle });
  }

  private failed(item: ReviewQueueItemView, error: unknown): void {
    this.setBusy(item, false);
    this.notifier.error(error);
    // Someone else changed or decided the report meanwhile: show the queue as it is now.
    if (isApiError(error, 412) || isApiError(error, 409) || isApiError(error, 404)) {
      this.load();
    }
  }

  private setBusy(item: ReviewQueueItemView, on: boolean): void {
    this.busy.update((current) => {
      const next = new Set(current);
      if (on) {
        next.add(item.reportId);
      } else {
        next.delete(item.reportId);
      }
      return next;
    });
  }

  protected load(more = false): void {
    this.list.load(more);
  }
}
