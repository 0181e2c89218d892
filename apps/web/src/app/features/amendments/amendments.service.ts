import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { AmendmentView, CreateAmendmentInput, PlanDriftView } from '@zibo/domain';
import type { Observable } from 'rxjs';
import { idempotencyHeader } from '../../core/api/idempotency-key';
import { ifMatch } from '../../core/api/if-match';

@Injectable({ providedIn: 'root' })
export class AmendmentsService {
  private readonly http = inject(HttpClient);

  list(taskId: string): Observable<AmendmentView[]> {
    return this.http.get<AmendmentView[]>(`/api/tasks/${taskId}/amendments`);
  }

  /** Committee: applied at once. Lead department head: a proposal for the committee. */
  create(taskId: string, input: CreateAmendmentInput, idempotencyKey: string): Observable<AmendmentView> {
    return this.http.post<AmendmentView>(`/api/tasks/${taskId}/amendments`, input, {
      headers: idempotencyHeader(idempotencyKey),
    });
  }

  approve(amendment: Pick<AmendmentView, 'id' | 'version'>, comment: string): Observable<AmendmentView> {
    return this.decide(amendment, 'approve', comment);
  }

  reject(amendment: Pick<AmendmentView, 'id' | 'version'>, comment: string): Observable<AmendmentView> {
    return this.decide(amendment, 'reject', comment);
  }

  planDrift(): Observable<PlanDriftView[]> {
    return this.http.get<PlanDriftView[]>('/api/plan-drift');
  }

  private decide(
    amendment: Pick<AmendmentView, 'id' | 'version'>,
    decision: 'approve' | 'reject',
    comment: string,
  ): Observable<AmendmentView> {
    const body = comment ? { comment } : {};
    return this.http.post<AmendmentView>(`/api/amendments/${amendment.id}/${decision}`, body, {
      headers: ifMatch(amendment.version),
    });
  }
}
