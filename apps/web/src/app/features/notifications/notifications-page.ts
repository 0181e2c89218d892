import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { RouterLink } from '@angular/router';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { TranslocoPipe } from '@jsverse/transloco';
import type { NotificationView } from '@zibo/domain';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { Notifier } from '../../core/feedback/notifier.service';
import { DateTimePipe } from '../../core/i18n/display-format.pipes';
import { LanguageService } from '../../core/i18n/language.service';
import { CursorList } from '../../shared/cursor-list';
import { notificationLink, notificationText } from './notification-text';
import { NotificationsService } from './notifications.service';

@Component({
  selector: 'app-notifications-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    MatSlideToggleModule,
    TranslocoPipe,
    ErrorMessagePipe,
    DateTimePipe,
  ],
  template: `
    <header class="page-header">
      <h1 class="title">{{ 'notifications.title' | transloco }}</h1>
      <mat-slide-toggle [formControl]="unreadOnly">{{ 'notifications.unreadOnly' | transloco }}</mat-slide-toggle>
    </header>
    @if (loading()) {
      <mat-progress-bar mode="indeterminate" [attr.aria-label]="'common.loading' | transloco" />
    }
    @if (failure(); as failure) {
      <div class="failure" role="alert">
        <span>{{ failure | errorMessage }}</span>
        <button mat-button type="button" (click)="load()">{{ 'common.retry' | transloco }}</button>
      </div>
    }
    @if (!loading() && items().length === 0) {
      <p class="empty">{{ 'notifications.none' | transloco }}</p>
    }
    <ul class="list">
      @for (item of items(); track item.id) {
        <li class="item" [class.unread]="!item.readAt" data-testid="notification">
          <mat-icon aria-hidden="true">{{ icon(item) }}</mat-icon>
          <div class="body">
            <div>{{ text(item).key | transloco: text(item).params }}</div>
            @if (item.payload.comment) {
              <div class="comment">{{ item.payload.comment }}</div>
            }
            <div class="when">{{ item.createdAt | dateTime }}</div>
          </div>
          <div class="actions">
            @if (link(item); as link) {
              <a mat-button [routerLink]="link" (click)="markRead(item)">{{ 'notifications.open' | transloco }}</a>
            }
            @if (!item.readAt) {
              <button mat-button type="button" (click)="markRead(item)">
                {{ 'notifications.markRead' | transloco }}
              </button>
            }
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
  styleUrl: './notifications-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotificationsPage {
  private readonly api = inject(NotificationsService);
  private readonly notifier = inject(Notifier);
  private readonly language = inject(LanguageService);

  protected readonly unreadOnly = new FormControl(false, { nonNullable: true });
  private readonly list = new CursorList<NotificationView>(
    (cursor) => this.api.list({ unread: this.unreadOnly.value, cursor }),
    { loading: true },
  );
  protected readonly items = this.list.items;
  protected readonly nextCursor = this.list.nextCursor;
  protected readonly loading = this.list.loading;
  protected readonly failure = this.list.failure;

  constructor() {
    this.load();
    this.unreadOnly.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => this.load());
  }

  protected load(more = false): void {
    this.list.load(more);
  }

  protected text(item: NotificationView) {
    return notificationText(item, this.language.current());
  }

  protected link(item: NotificationView): string[] | null {
    return notificationLink(item);
  }

  protected icon(item: NotificationView): string {
    switch (item.kind) {
      case 'returned':
        return 'undo';
      case 'approved':
        return 'task_alt';
      case 'overdue':
        return 'alarm';
      case 'report_due':
        return 'schedule';
      case 'submitted':
        return 'inbox';
      case 'password_reset':
        return 'key';
      case 'draft_ready':
        return 'move_to_inbox';
      default:
        return 'assignment';
    }
  }

  protected markRead(item: NotificationView): void {
    if (item.readAt) {
      return;
    }
    this.api.markRead(item).subscribe({
      next: (read) => this.items.update((list) => list.map((n) => (n.id === read.id ? read : n))),
      error: (error: unknown) => this.notifier.error(error),
    });
  }
}
