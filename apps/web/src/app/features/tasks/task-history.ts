import { ChangeDetectionStrategy, Component, effect, inject, input, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import type { HistoryEntryView } from '@zibo/domain';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { periodLabel } from '../../core/i18n/display-format';
import { DateTimePipe } from '../../core/i18n/display-format.pipes';
import { LanguageService } from '../../core/i18n/language.service';
import { CursorList } from '../../shared/cursor-list';
import { HISTORY_FIELDS, historyActionLabel, historyDetails } from './history-entry';
import { TasksService } from './tasks.service';

/** The task's timeline from the audit log, oldest first: who did what, when. */
@Component({
  selector: 'app-task-history',
  imports: [MatButtonModule, MatIconModule, MatProgressBarModule, TranslocoPipe, ErrorMessagePipe, DateTimePipe],
  template: `
    @if (loading()) {
      <mat-progress-bar mode="indeterminate" [attr.aria-label]="'common.loading' | transloco" />
    }
    @if (failure(); as failure) {
      <p class="failure" role="alert">{{ failure | errorMessage }}</p>
    }
    <ol class="timeline">
      @for (entry of entries(); track entry.seq) {
        <li class="entry" data-testid="history-entry">
          <div class="when">{{ entry.at | dateTime }}</div>
          <div class="what">
            <strong>{{ label(entry.action) | errorMessage }}</strong>
            <span class="who">
              {{ entry.actorName ?? ('history.system' | transloco) }}
              @if (entry.actorRole) {
                · {{ 'roles.' + entry.actorRole | transloco }}
              }
            </span>
            @for (detail of details(entry); track $index) {
              <div class="detail">{{ detail.key | transloco: detail.params }}</div>
            }
            @if (entry.sha256) {
              <div class="detail hash">SHA-256 {{ entry.sha256 }}</div>
            }
          </div>
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
    .timeline {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .entry {
      display: grid;
      grid-template-columns: 9.5em 1fr;
      gap: 12px;
      padding: 8px 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .when {
      font-variant-numeric: tabular-nums;
      color: var(--mat-sys-on-surface-variant);
    }
    .who {
      margin-inline-start: 8px;
      color: var(--mat-sys-on-surface-variant);
    }
    .detail {
      font: var(--mat-sys-body-small);
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .hash {
      font-family: ui-monospace, Menlo, Consolas, monospace;
      color: var(--mat-sys-on-surface-variant);
    }
    .failure {
      color: var(--mat-sys-error);
    }
    @media (max-width: 599.98px) {
      .entry {
        grid-template-columns: 1fr;
        gap: 2px;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TaskHistory {
  private readonly tasks = inject(TasksService);
  private readonly transloco = inject(TranslocoService);
  private readonly language = inject(LanguageService);

  readonly taskId = input.required<string>();
  /** Changes whenever the task changed, so the timeline reloads. */
  readonly version = input(0);

  private readonly list = new CursorList<HistoryEntryView>((cursor) => this.tasks.history(this.taskId(), cursor));
  protected readonly entries = this.list.items;
  protected readonly nextCursor = this.list.nextCursor;
  protected readonly loading = this.list.loading;
  protected readonly failure = this.list.failure;
  protected readonly label = historyActionLabel;

  constructor() {
    effect(() => {
      this.taskId();
      this.version();
      untracked(() => this.load());
    });
  }

  protected details(entry: HistoryEntryView) {
    const language = this.language.current();
    return historyDetails(entry, {
      field: (name) =>
        (HISTORY_FIELDS as readonly string[]).includes(name)
          ? this.transloco.translate(`history.fields.${name}`)
          : name,
      period: (period) => periodLabel(period, language),
    });
  }

  protected load(more = false): void {
    this.list.load(more);
  }
}
