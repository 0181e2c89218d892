import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { CreateUrgeInput, Page, SupervisionNoticeView, UrgeView } from '@zibo/domain';
import type { Observable } from 'rxjs';
import { idempotencyHeader } from '../../core/api/idempotency-key';
import { ifMatch } from '../../core/api/if-match';

/** 催办: urges of a task, issued by the committee, acknowledged and answered by the lead department. */
@Injectable({ providedIn: 'root' })
export class UrgesService {
  private readonly http = inject(HttpClient);

  listForTask(taskId: string): Observable<Page<UrgeView>> {
    return this.http.get<Page<UrgeView>>(`/api/tasks/${taskId}/urges`, { params: { limit: 500 } });
  }

  create(taskId: string, input: CreateUrgeInput, idempotencyKey: string): Observable<UrgeView> {
    return this.http.post<UrgeView>(`/api/tasks/${taskId}/urges`, input, {
      headers: idempotencyHeader(idempotencyKey),
    });
  }

  acknowledge(urge: Pick<UrgeView, 'id' | 'version'>): Observable<UrgeView> {
    return this.http.post<UrgeView>(`/api/urges/${urge.id}/acknowledge`, {}, { headers: ifMatch(urge.version) });
  }

  respond(urge: Pick<UrgeView, 'id' | 'version'>, response: string): Observable<UrgeView> {
    return this.http.post<UrgeView>(`/api/urges/${urge.id}/respond`, { response }, { headers: ifMatch(urge.version) });
  }

  /** 三色督办单 of a task. */
  noticesForTask(taskId: string): Observable<Page<SupervisionNoticeView>> {
    return this.http.get<Page<SupervisionNoticeView>>('/api/supervision-notices', {
      params: { task: taskId, limit: 500 },
    });
  }

  respondToNotice(
    notice: Pick<SupervisionNoticeView, 'id' | 'version'>,
    response: string,
  ): Observable<SupervisionNoticeView> {
    return this.http.post<SupervisionNoticeView>(
      `/api/supervision-notices/${notice.id}/respond`,
      { response },
      { headers: ifMatch(notice.version) },
    );
  }

  /** The printable notice; a plain link would not carry the bearer token. */
  noticePdf(notice: Pick<SupervisionNoticeView, 'id'>): Observable<Blob> {
    return this.http.get(`/api/supervision-notices/${notice.id}`, { params: { format: 'pdf' }, responseType: 'blob' });
  }
}
