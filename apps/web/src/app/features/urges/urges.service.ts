import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { CreateUrgeInput, Page, UrgeView } from '@zibo/domain';
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
}
