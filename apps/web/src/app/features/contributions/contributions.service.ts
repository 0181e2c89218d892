import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { ContributionView, CreateContributionInput, UpdateContributionInput } from '@zibo/domain';
import type { Observable } from 'rxjs';
import { idempotencyHeader } from '../../core/api/idempotency-key';
import { ifMatch } from '../../core/api/if-match';

type Versioned = Pick<ContributionView, 'id' | 'version'>;

@Injectable({ providedIn: 'root' })
export class ContributionsService {
  private readonly http = inject(HttpClient);

  /** The caller's department's contributions (drafts too) and every submitted one. */
  listForTask(taskId: string): Observable<ContributionView[]> {
    return this.http.get<ContributionView[]>(`/api/tasks/${taskId}/contributions`);
  }

  create(taskId: string, input: CreateContributionInput, idempotencyKey: string): Observable<ContributionView> {
    return this.http.post<ContributionView>(`/api/tasks/${taskId}/contributions`, input, {
      headers: idempotencyHeader(idempotencyKey),
    });
  }

  update(contribution: Versioned, changes: UpdateContributionInput): Observable<ContributionView> {
    return this.http.patch<ContributionView>(`/api/contributions/${contribution.id}`, changes, {
      headers: ifMatch(contribution.version),
    });
  }

  submit(contribution: Versioned): Observable<ContributionView> {
    return this.http.post<ContributionView>(
      `/api/contributions/${contribution.id}/submit`,
      {},
      { headers: ifMatch(contribution.version) },
    );
  }
}
