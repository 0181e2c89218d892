import { BreakpointObserver } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSortModule, type Sort } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import {
  hasPermission,
  parseSort,
  RAG_STATUSES,
  TASK_DEFAULT_SORT,
  TASK_STATUSES,
  type TaskImportResult,
  type TaskListItemView,
  type TaskSortKey,
  type TaskTotalsView,
} from '@zibo/domain';
import { type Subscription, map } from 'rxjs';
import { AuthService } from '../../core/auth/auth.service';
import { type ErrorMessage, errorMessage } from '../../core/feedback/error-message';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { LanguageService } from '../../core/i18n/language.service';
import { ReferenceData } from '../../core/reference/reference-data.service';
import { referenceName } from '../../core/reference/reference-names';
import { PercentBar } from '../../shared/percent-bar';
import { RagLight } from '../../shared/rag-light';
import { ExportButtons } from '../../shared/export-buttons';
import { StatusChip } from '../../shared/status-chip';
import { bindFiltersToUrl } from '../../shared/url-filters';
import {
  filtersFromParams,
  filtersToParams,
  hasFilters,
  NO_FILTERS,
  sortOf,
  TASK_SORT_OPTIONS,
  taskListParams,
  taskTotalsParams,
  type TaskFilters,
} from './task-filters';
import { TaskImportDialog } from './task-import-dialog';
import { TasksService } from './tasks.service';

/** Below this width the list shows cards instead of a table. */
const PHONE = '(max-width: 767.98px)';

/** The table's sortable columns and the api's sort key of each. */
const COLUMN_SORT: Readonly<Record<string, TaskSortKey>> = {
  rag: 'rag',
  title: 'title',
  lead: 'leadDepartment',
  status: 'status',
  progress: 'percentComplete',
  due: 'dueDate',
};

@Component({
  selector: 'app-tasks-page',
  imports: [
    ExportButtons,
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatCardModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    MatSortModule,
    MatTableModule,
    TranslocoPipe,
    ErrorMessagePipe,
    PercentBar,
    RagLight,
    StatusChip,
  ],
  templateUrl: './tasks-page.html',
  styleUrl: './tasks-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TasksPage {
  private readonly tasksApi = inject(TasksService);
  private readonly auth = inject(AuthService);
  private readonly language = inject(LanguageService);
  private readonly dialog = inject(MatDialog);
  private request: Subscription | null = null;
  private totalsRequest: Subscription | null = null;
  /** The filters the totals line was counted for: a new page or another order does not recount. */
  private totalsFor: string | null = null;
  private readonly applyFilters: (filters: TaskFilters) => void;

  protected readonly reference = inject(ReferenceData);
  protected readonly lang = this.language.current;
  protected readonly phone = toSignal(
    inject(BreakpointObserver)
      .observe(PHONE)
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );
  protected readonly columns = ['rag', 'title', 'lead', 'status', 'progress', 'due'];
  protected readonly ragOptions = RAG_STATUSES;
  /** Departments never see drafts, so the filter does not offer them. */
  protected readonly statusOptions = computed(() => {
    const me = this.auth.me();
    return TASK_STATUSES.filter((s) => s !== 'draft' || (me && hasPermission(me.role, 'tasks:read-all')));
  });
  protected readonly canCreate = computed(() => this.auth.can('tasks:create'));
  /** How many draft tasks the last import created (shown until the next one). */
  protected readonly imported = signal<number | null>(null);
  protected readonly form = inject(NonNullableFormBuilder).group({ ...NO_FILTERS });
  protected readonly filters = signal<TaskFilters>(NO_FILTERS);
  protected readonly filtered = computed(() => hasFilters(this.filters()));
  /** The download has the list's filters: the file holds what the list shows, every page of it. */
  protected readonly exportParams = computed(() => taskListParams(this.filters(), null));
  /** The phone's sort select: '' is the default order (by due date). */
  protected readonly sortOptions = ['' as const, ...TASK_SORT_OPTIONS.filter((option) => option !== TASK_DEFAULT_SORT)];
  /** The table's sort header as the address bar has it. */
  protected readonly sortState = computed(() => {
    const sort = parseSort(this.filters().sort || TASK_DEFAULT_SORT);
    const column = Object.keys(COLUMN_SORT).find((c) => COLUMN_SORT[c] === sort.key) ?? '';
    return { column, direction: sort.direction };
  });
  protected readonly totals = signal<TaskTotalsView | null>(null);
  protected readonly tasks = signal<TaskListItemView[]>([]);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly loading = signal(true);
  protected readonly failure = signal<ErrorMessage | null>(null);
  protected readonly focusAreaOptions = computed(() =>
    this.reference.focusAreas().map((area) => ({ code: area.code, label: referenceName(area, this.lang()) })),
  );
  protected readonly departmentOptions = computed(() =>
    this.reference
      .departments()
      .map((d) => ({ id: d.id, label: this.reference.departmentNames().get(d.id) ?? d.name })),
  );

  constructor() {
    this.reference.load().subscribe({ error: (error: unknown) => this.failure.set(errorMessage(error)) });
    // The address bar holds the filters: a reload, a shared link or "back" shows the same list.
    this.applyFilters = bindFiltersToUrl(
      this.form,
      this.filters,
      { fromParams: filtersFromParams, toParams: filtersToParams },
      {
        debounceMs: 300,
        changed: () => {
          this.load();
          this.loadTotals();
        },
      },
    );
  }

  /** A click on a column header: the api sorts, the list starts again from its first page. */
  protected sortBy(sort: Sort): void {
    const key = COLUMN_SORT[sort.active];
    const token = key && sort.direction ? sortOf(sort.direction === 'desc' ? `-${key}` : key) : '';
    this.applyFilters({ ...this.filters(), sort: token });
  }

  protected sortLabel(option: string): { key: string; direction: string } {
    const sort = parseSort(sortOf(option) || TASK_DEFAULT_SORT);
    return {
      key: `tasks.sortKey.${sort.key}`,
      direction: sort.direction === 'desc' ? 'tasks.sortDesc' : 'tasks.sortAsc',
    };
  }

  /** The totals line of the current filters: one request per change of the filters, not per page. */
  private loadTotals(force = false): void {
    const key = taskTotalsParams(this.filters()).toString();
    if (!force && key === this.totalsFor) return;
    this.totalsFor = key;
    this.totalsRequest?.unsubscribe();
    this.totals.set(null);
    this.totalsRequest = this.tasksApi.totals(this.filters()).subscribe({
      next: (totals) => this.totals.set(totals),
      error: () => (this.totalsFor = null),
    });
  }

  protected load(more = false): void {
    this.request?.unsubscribe();
    this.loading.set(true);
    this.failure.set(null);
    const cursor = more ? this.nextCursor() : null;
    this.request = this.tasksApi.list(this.filters(), cursor).subscribe({
      next: (page) => {
        this.tasks.update((current) => (more ? [...current, ...page.items] : page.items));
        this.nextCursor.set(page.nextCursor);
        this.loading.set(false);
      },
      error: (error: unknown) => {
        this.failure.set(errorMessage(error));
        this.loading.set(false);
      },
    });
  }

  protected openImport(): void {
    this.dialog
      .open<TaskImportDialog, undefined, TaskImportResult>(TaskImportDialog, { maxWidth: '95vw', autoFocus: 'dialog' })
      .afterClosed()
      .subscribe((result) => {
        if (result) {
          this.imported.set(result.count);
          this.load();
          this.loadTotals(true);
        }
      });
  }

  /** Clears the filters; the order stays. */
  protected clearFilters(): void {
    this.applyFilters({ ...NO_FILTERS, sort: this.filters().sort });
  }

  protected workItemLabel(task: TaskListItemView): string {
    return `${task.workItemCode} ${this.reference.workItemName(task.workItemCode)}`;
  }
}
