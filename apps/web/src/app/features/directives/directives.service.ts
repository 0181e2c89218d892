import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { CreateDirectiveInput, DirectiveView, Page, TaskView } from '@zibo/domain';
import type { Observable } from 'rxjs';
import { idempotencyHeader } from '../../core/api/idempotency-key';
import { ifMatch } from '../../core/api/if-match';

/** 领导批示 of a task, and its 办结销号 close-out requests. */
@Injectable({ providedIn: 'root' })
export class DirectivesService {
  private readonly http = inject(HttpClient);

  listForTask(taskId: string): Observable<Page<DirectiveView>> {
    return this.http.get<Page<DirectiveView>>(`/api/tasks/${taskId}/directives`, { params: { limit: 500 } });
  }

  create(taskId: string, input: CreateDirectiveInput, idempotencyKey: string): Observable<DirectiveView> {
    return this.http.post<DirectiveView>(`/api/tasks/${taskId}/directives`, input, {
      headers: idempotencyHeader(idempotencyKey),
    });
  }

  respond(directive: Pick<DirectiveView, 'id' | 'version'>, response: string): Observable<DirectiveView> {
    return this.http.post<DirectiveView>(
      `/api/directives/${directive.id}/respond`,
      { response },
      { headers: ifMatch(directive.version) },
    );
  }

  requestCloseOut(task: Pick<TaskView, 'id' | 'version'>, summary: string): Observable<TaskView> {
    return this.http.post<TaskView>(
      `/api/tasks/${task.id}/close-request`,
      { summary },
      { headers: ifMatch(task.version) },
    );
  }

  rejectCloseOut(task: Pick<TaskView, 'id' | 'version'>, reason: string): Observable<TaskView> {
    return this.http.post<TaskView>(
      `/api/tasks/${task.id}/close-request/reject`,
      { reason },
      { headers: ifMatch(task.version) },
    );
  }
}
