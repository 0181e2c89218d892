import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTabsModule } from '@angular/material/tabs';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import type { InboxItemView } from '@zibo/domain';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { DateTimePipe, DeadlinePipe, PeriodPipe } from '../../core/i18n/display-format.pipes';
import { LanguageService } from '../../core/i18n/language.service';
import { ReferenceData } from '../../core/reference/reference-data.service';
import { CursorList } from '../../shared/cursor-list';
import { inboxItemLink, inboxKindIcon, inboxKindLabel } from './inbox-item';
import { InboxService } from './inbox.service';

type Tab = 'todo' | 'done';

/** Every role's first page: what to act on now (待办), overdue first, and what one did (已办). */
@Component({
  selector: 'app-home-page',
  imports: [
    RouterLink,
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    MatTabsModule,
    TranslocoPipe,
    ErrorMessagePipe,
    DateTimePipe,
    DeadlinePipe,
    PeriodPipe,
  ],
  template: `
    <header class="page-header">
      <h1 class="title">{{ 'inbox.title' | transloco }}</h1>
    </header>
    <mat-tab-group
      mat-stretch-tabs="false"
      [selectedIndex]="tab() === 'todo' ? 0 : 1"
      (selectedIndexChange)="show($event === 0 ? 'todo' : 'done')"
    >
      <mat-tab [label]="'inbox.todo' | transloco" />
      <mat-tab [label]="'inbox.done' | transloco" />
    </mat-tab-group>
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
      <p class="empty" data-testid="inbox-empty">
        {{ (tab() === 'todo' ? 'inbox.nothingToDo' : 'inbox.nothingDone') | transloco }}
      </p>
    }
    <ul class="list">
      @for (item of items(); track item.id) {
        @let link = linkOf(item);
        <li class="item" [class.late]="item.overdue" data-testid="inbox-item" [attr.data-kind]="item.kind">
          <mat-icon aria-hidden="true">{{ icon(item) }}</mat-icon>
          <div class="body">
            <div class="kind">
              {{ label(item) | transloco }}
              @if (item.overdue) {
                <span class="badge-overdue">{{ 'inbox.overdue' | transloco }}</span>
              }
            </div>
            <a class="task" [routerLink]="link.path" [queryParams]="link.query">{{ item.taskTitle }}</a>
            <div class="meta">
              <span>{{ item.workItemCode }}</span>
              <span>{{ reference.departmentName(item.leadDepartmentId) }}</span>
              @if (item.period) {
                <span>{{ item.period | period: lang() }}</span>
              }
              @if (item.doneAt) {
                <span>{{ 'inbox.doneAt' | transloco: { at: (item.doneAt | dateTime) } }}</span>
              } @else if (item.dueAt) {
                <span class="due">{{
                  'reports.deadline' | transloco: { deadline: (item.dueAt | deadline: lang()) }
                }}</span>
              } @else if (item.since) {
                <span>{{ 'inbox.since' | transloco: { at: (item.since | dateTime) } }}</span>
              }
            </div>
          </div>
          <a mat-stroked-button [routerLink]="link.path" [queryParams]="link.query">
            {{ (tab() === 'todo' ? 'inbox.act' : 'inbox.open') | transloco }}
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
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HomePage {
  private readonly api = inject(InboxService);
  protected readonly reference = inject(ReferenceData);
  protected readonly lang = inject(LanguageService).current;

  protected readonly tab = signal<Tab>('todo');
  private readonly list = new CursorList<InboxItemView>(
    (cursor) => this.api.list({ done: this.tab() === 'done', cursor }),
    { loading: true },
  );
  protected readonly items = this.list.items;
  protected readonly nextCursor = this.list.nextCursor;
  protected readonly loading = this.list.loading;
  protected readonly failure = this.list.failure;

  constructor() {
    this.reference.load().subscribe({ error: () => undefined });
    this.load();
  }

  protected show(tab: Tab): void {
    if (tab !== this.tab()) {
      this.tab.set(tab);
      this.items.set([]);
      this.load();
    }
  }

  protected load(more = false): void {
    const done = this.tab() === 'done';
    this.list.load(more);
    if (!done && !more) {
      this.api.refreshCounts().subscribe({ error: () => undefined });
    }
  }

  protected label(item: InboxItemView): string {
    return inboxKindLabel(item.kind);
  }

  protected icon(item: InboxItemView): string {
    return inboxKindIcon(item.kind);
  }

  protected linkOf(item: InboxItemView) {
    return inboxItemLink(item);
  }
}
