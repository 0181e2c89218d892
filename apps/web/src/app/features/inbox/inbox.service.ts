import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject, signal } from '@angular/core';
import type {
  InboxCountsView,
  InboxItemView,
  Page,
  ReportView,
  ReviewQueueItemView,
  ReviewQueueSortKey,
  ReviewReportInput,
  SortToken,
} from '@zibo/domain';
import { type Observable, tap } from 'rxjs';
import { BACKGROUND_HEADER } from '../../core/api/api-paths';
import { ifMatch } from '../../core/api/if-match';

export interface ReviewQueueFilter {
  focusArea?: string | null;
  department?: string | null;
  period?: string | null;
  late?: boolean | null;
  /** `sort=` of the api (REVIEW_QUEUE_SORT_KEYS); null or absent: oldest submission first. */
  sort?: SortToken<ReviewQueueSortKey> | null;
}

/** The to-do inbox (待办 / 已办), its badge counts and the committee's review queue. */
@Injectable({ providedIn: 'root' })
export class InboxService {
  private readonly http = inject(HttpClient);

  /** The latest counts, for the navigation badge; null before the first answer. */
  readonly counts = signal<InboxCountsView | null>(null);

  list(query: { done?: boolean; cursor?: string | null; limit?: number } = {}): Observable<Page<InboxItemView>> {
    let params = new HttpParams().set('limit', query.limit ?? 50);
    if (query.done) {
      params = params.set('done', 'true');
    }
    if (query.cursor) {
      params = params.set('cursor', query.cursor);
    }
    return this.http.get<Page<InboxItemView>>('/api/inbox', { params });
  }

  /** Background refresh of the badge: does not keep an idle session alive. */
  refreshCounts(): Observable<InboxCountsView> {
    return this.http
      .get<InboxCountsView>('/api/inbox/counts', { headers: { [BACKGROUND_HEADER]: '1' } })
      .pipe(tap((counts) => this.counts.set(counts)));
  }

  reviewQueue(filter: ReviewQueueFilter = {}, cursor: string | null = null): Observable<Page<ReviewQueueItemView>> {
    let params = reviewQueueParams(filter).set('limit', 50);
    if (cursor) {
      params = params.set('cursor', cursor);
    }
    return this.http.get<Page<ReviewQueueItemView>>('/api/review-queue', { params });
  }

  /** A decision taken from the queue, on the revision the row showed (a changed report answers 412). */
  review(item: Pick<ReviewQueueItemView, 'reportId' | 'version'>, input: ReviewReportInput): Observable<ReportView> {
    return this.http.post<ReportView>(`/api/progress/${item.reportId}/review`, input, {
      headers: ifMatch(item.version),
    });
  }
}

/** The queue's filters as query parameters (the list and its download use the same). */
export function reviewQueueParams(filter: ReviewQueueFilter): HttpParams {
  let params = new HttpParams();
  for (const [name, value] of Object.entries(filter)) {
    if (value !== null && value !== undefined && value !== '') {
      params = params.set(name, String(value));
    }
  }
  return params;
}
