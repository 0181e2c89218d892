import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject, signal } from '@angular/core';
import type { Page } from '@zibo/domain';
import { type Observable, tap } from 'rxjs';
import { BACKGROUND_HEADER } from '../../core/api/api-paths';

export const NOTIFICATION_KINDS = [
  'assigned',
  'report_due',
  'overdue',
  'returned',
  'approved',
  'submitted',
  'declined',
  'insisted',
  'urged',
  'urge_escalated',
  'urge_answered',
  'red_notice',
  'notice',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** GET /api/notifications item (the api's NotificationView; not in @zibo/domain yet). */
export interface NotificationView {
  id: string;
  kind: NotificationKind;
  taskId: string | null;
  reportId: string | null;
  payload: { title?: string; period?: string; comment?: string | null; [key: string]: unknown };
  createdAt: string;
  readAt: string | null;
}

/** The user's own notifications; the unread ones feed the bell in the toolbar. */
@Injectable({ providedIn: 'root' })
export class NotificationsService {
  private readonly http = inject(HttpClient);

  /** The newest unread notifications (the first page), for the bell. */
  readonly unread = signal<NotificationView[]>([]);
  /** More unread than the first page holds. */
  readonly moreUnread = signal(false);

  /** The bell's poll: marked as background, so it does not keep an idle session alive. */
  refreshUnread(): Observable<Page<NotificationView>> {
    return this.list({ unread: true, limit: 20 }, true).pipe(
      tap((page) => {
        this.unread.set(page.items);
        this.moreUnread.set(page.nextCursor !== null);
      }),
    );
  }

  list(
    query: { unread?: boolean; cursor?: string | null; limit?: number } = {},
    background = false,
  ): Observable<Page<NotificationView>> {
    let params = new HttpParams().set('limit', query.limit ?? 50);
    if (query.unread) {
      params = params.set('unread', 'true');
    }
    if (query.cursor) {
      params = params.set('cursor', query.cursor);
    }
    const headers = background ? { [BACKGROUND_HEADER]: '1' } : undefined;
    return this.http.get<Page<NotificationView>>('/api/notifications', { params, headers });
  }

  markRead(notification: Pick<NotificationView, 'id'>): Observable<NotificationView> {
    return this.http
      .post<NotificationView>(`/api/notifications/${notification.id}/read`, {})
      .pipe(tap(() => this.unread.update((list) => list.filter((n) => n.id !== notification.id))));
  }
}
