import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatBadgeModule } from '@angular/material/badge';
import { MatButtonModule } from '@angular/material/button';
import { MatDividerModule } from '@angular/material/divider';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { catchError, EMPTY, switchMap, timer } from 'rxjs';
import type { NotificationView } from '@zibo/domain';
import { DateTimePipe } from '../../core/i18n/display-format.pipes';
import { LanguageService } from '../../core/i18n/language.service';
import { notificationLink, notificationText } from './notification-text';
import { NotificationsService } from './notifications.service';

/** How often the bell asks for new notifications while the app is open. */
const POLL_MS = 60_000;

/** The bell in the toolbar: unread count, the newest unread, one click to the task. */
@Component({
  selector: 'app-notification-bell',
  imports: [
    MatBadgeModule,
    MatButtonModule,
    MatDividerModule,
    MatIconModule,
    MatMenuModule,
    MatTooltipModule,
    RouterLink,
    TranslocoPipe,
    DateTimePipe,
  ],
  template: `
    <button
      mat-icon-button
      type="button"
      [matMenuTriggerFor]="menu"
      [matTooltip]="'notifications.title' | transloco"
      [attr.aria-label]="'notifications.bellLabel' | transloco: { count: count() }"
      data-testid="notification-bell"
    >
      <mat-icon
        [matBadge]="badge()"
        [matBadgeHidden]="count() === 0"
        matBadgeColor="warn"
        matBadgeSize="medium"
        aria-hidden="true"
        >notifications</mat-icon
      >
    </button>
    <mat-menu #menu="matMenu" xPosition="before" class="notification-menu">
      @for (notification of unread(); track notification.id) {
        <button mat-menu-item type="button" (click)="open(notification)" data-testid="notification-item">
          <span class="text">
            <span class="line">{{ text(notification).key | transloco: text(notification).params }}</span>
            <span class="when">{{ notification.createdAt | dateTime }}</span>
          </span>
        </button>
      } @empty {
        <div class="empty" mat-menu-item disabled>{{ 'notifications.noneUnread' | transloco }}</div>
      }
      <mat-divider />
      <a mat-menu-item routerLink="/notifications">
        <mat-icon>list</mat-icon>
        <span>{{ 'notifications.all' | transloco }}</span>
      </a>
    </mat-menu>
  `,
  styles: `
    .text {
      display: flex;
      flex-direction: column;
      line-height: 1.3;
      padding-block: 4px;
      white-space: normal;
    }
    .when {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotificationBell {
  private readonly notifications = inject(NotificationsService);
  private readonly router = inject(Router);
  private readonly language = inject(LanguageService);

  protected readonly unread = this.notifications.unread;
  protected readonly count = computed(() => this.unread().length);
  protected readonly badge = computed(() => (this.notifications.moreUnread() ? `${this.count()}+` : `${this.count()}`));

  constructor() {
    timer(0, POLL_MS)
      .pipe(
        // A failed poll (offline for a moment) is retried on the next tick, silently.
        switchMap(() => this.notifications.refreshUnread().pipe(catchError(() => EMPTY))),
        takeUntilDestroyed(),
      )
      .subscribe();
  }

  protected text(notification: NotificationView) {
    return notificationText(notification, this.language.current());
  }

  protected open(notification: NotificationView): void {
    this.notifications.markRead(notification).subscribe({ error: () => undefined });
    const link = notificationLink(notification);
    if (link) {
      void this.router.navigate(link);
    }
  }
}
