import { JsonPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, effect, inject, input, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { TranslocoPipe } from '@jsverse/transloco';
import type { IndicatorView, StatusSnapshotView } from '@zibo/domain';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { DateTimePipe, PeriodPipe } from '../../core/i18n/display-format.pipes';
import { LanguageService } from '../../core/i18n/language.service';
import { RagLight } from '../../shared/rag-light';
import { StatusChip } from '../../shared/status-chip';
import { CursorList } from '../../shared/cursor-list';
import { snapshotActuals, snapshotReasons } from './snapshot-facts';
import { TasksService } from './tasks.service';

/**
 * 状态快照: how the task stood when each of its periods closed, with the reasons for its light and
 * the inputs the light was computed from ("why was this red in May").
 */
@Component({
  selector: 'app-task-snapshots',
  imports: [
    JsonPipe,
    MatButtonModule,
    MatProgressBarModule,
    TranslocoPipe,
    ErrorMessagePipe,
    DateTimePipe,
    PeriodPipe,
    RagLight,
    StatusChip,
  ],
  template: `
    <p class="intro">{{ 'snapshots.intro' | transloco }}</p>
    @if (loading()) {
      <mat-progress-bar mode="indeterminate" [attr.aria-label]="'common.loading' | transloco" />
    }
    @if (failure(); as failure) {
      <p class="failure" role="alert">{{ failure | errorMessage }}</p>
    }
    @if (!loading() && !failure() && snapshots().length === 0) {
      <p class="empty">{{ 'snapshots.none' | transloco }}</p>
    }
    <ol class="snapshots">
      @for (snapshot of snapshots(); track snapshot.period) {
        <li class="snapshot" data-testid="snapshot">
          <div class="head">
            <strong class="period">{{ snapshot.period | period: lang() }}</strong>
            <app-rag-light [rag]="snapshot.rag" />
            <app-status-chip kind="taskStatus" [status]="snapshot.status" />
            @if (snapshot.overdue) {
              <span class="overdue">{{ 'tasks.overdue' | transloco }}</span>
            }
            @if (snapshot.compliance) {
              <span class="compliance">
                {{ 'snapshots.compliance' | transloco }}
                <app-status-chip kind="compliance" [status]="snapshot.compliance" />
              </span>
            }
          </div>
          <div class="meta">
            {{ 'snapshots.takenAt' | transloco: { at: (snapshot.takenAt | dateTime) } }} ·
            {{ 'tasks.percentComplete' | transloco }} {{ snapshot.percentComplete }}%
            @if (snapshot.expectedPercent !== null) {
              · {{ 'tasks.expectedPercent' | transloco: { expected: snapshot.expectedPercent } }}
            }
          </div>
          <ul class="reasons">
            @for (reason of reasons(snapshot); track reason.key) {
              <li>{{ reason.key | transloco: reason.params }}</li>
            }
          </ul>
          @for (actual of actuals(snapshot); track actual.name) {
            <div class="meta">{{ actual.name }}：{{ actual.value }} {{ actual.unit }}</div>
          }
          <details class="inputs">
            <summary>{{ 'snapshots.inputs' | transloco }}</summary>
            <pre>{{ snapshot.inputs | json }}</pre>
          </details>
        </li>
      }
    </ol>
    @if (nextCursor()) {
      <button mat-stroked-button type="button" (click)="load(true)" [disabled]="loading()">
        {{ 'common.loadMore' | transloco }}
      </button>
    }
  `,
  styles: `
    .intro,
    .meta,
    .empty {
      color: var(--mat-sys-on-surface-variant);
    }
    .snapshots {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .snapshot {
      padding: 10px 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 6px 10px;
      margin-bottom: 4px;
    }
    .period {
      font: var(--mat-sys-title-small);
    }
    .overdue {
      padding: 1px 6px;
      border-radius: 6px;
      font: var(--mat-sys-label-small);
      background: var(--mat-sys-error);
      color: var(--mat-sys-on-error);
    }
    .meta {
      font: var(--mat-sys-body-small);
    }
    .reasons {
      margin: 4px 0;
      padding-inline-start: 1.2em;
    }
    .inputs summary {
      cursor: pointer;
      color: var(--mat-sys-primary);
      font: var(--mat-sys-body-small);
    }
    .inputs pre {
      max-height: 320px;
      overflow: auto;
      padding: 8px;
      border-radius: 8px;
      background: var(--mat-sys-surface-container);
      font-size: 12px;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .failure {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TaskSnapshots {
  private readonly tasks = inject(TasksService);

  readonly taskId = input.required<string>();
  /** To name indicator actuals. */
  readonly indicators = input<readonly Pick<IndicatorView, 'id' | 'name' | 'unit'>[]>([]);

  protected readonly lang = inject(LanguageService).current;
  private readonly list = new CursorList<StatusSnapshotView>((cursor) => this.tasks.snapshots(this.taskId(), cursor));
  protected readonly snapshots = this.list.items;
  protected readonly nextCursor = this.list.nextCursor;
  protected readonly loading = this.list.loading;
  protected readonly failure = this.list.failure;
  protected readonly reasons = snapshotReasons;

  constructor() {
    effect(() => {
      this.taskId();
      untracked(() => this.load());
    });
  }

  protected actuals(snapshot: StatusSnapshotView) {
    return snapshotActuals(snapshot, this.indicators());
  }

  protected load(more = false): void {
    this.list.load(more);
  }
}
