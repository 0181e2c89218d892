import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  CreateTaskInput,
  Page,
  StatusSnapshotView,
  TaskListItemView,
  TaskView,
  UpdateTaskInput,
} from '@zibo/domain';
import type { Observable } from 'rxjs';
import { idempotencyHeader } from '../../core/api/idempotency-key';
import { ifMatch } from '../../core/api/if-match';
import { type TaskFilters, taskListParams } from './task-filters';

const TASKS = '/api/tasks';

/** One entry of a task's history, straight from the audit log. */
export interface HistoryEntryView {
  seq: number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  sha256: string | null;
}

@Injectable({ providedIn: 'root' })
export class TasksService {
  private readonly http = inject(HttpClient);

  list(filters: TaskFilters, cursor: string | null = null): Observable<Page<TaskListItemView>> {
    return this.http.get<Page<TaskListItemView>>(TASKS, { params: taskListParams(filters, cursor) });
  }

  get(id: string): Observable<TaskView> {
    return this.http.get<TaskView>(`${TASKS}/${id}`);
  }

  create(input: CreateTaskInput, idempotencyKey: string): Observable<TaskView> {
    return this.http.post<TaskView>(TASKS, input, { headers: idempotencyHeader(idempotencyKey) });
  }

  update(task: Pick<TaskView, 'id' | 'version'>, changes: UpdateTaskInput): Observable<TaskView> {
    return this.http.patch<TaskView>(`${TASKS}/${task.id}`, changes, { headers: ifMatch(task.version) });
  }

  assign(task: Pick<TaskView, 'id' | 'version'>): Observable<TaskView> {
    return this.http.post<TaskView>(`${TASKS}/${task.id}/assign`, {}, { headers: ifMatch(task.version) });
  }

  complete(task: Pick<TaskView, 'id' | 'version'>): Observable<TaskView> {
    return this.http.post<TaskView>(`${TASKS}/${task.id}/complete`, {}, { headers: ifMatch(task.version) });
  }

  cancel(task: Pick<TaskView, 'id' | 'version'>, reason: string): Observable<TaskView> {
    return this.http.post<TaskView>(`${TASKS}/${task.id}/cancel`, { reason }, { headers: ifMatch(task.version) });
  }

  /** 签收: the lead department's head accepts the task. */
  accept(task: Pick<TaskView, 'id' | 'version'>): Observable<TaskView> {
    return this.http.post<TaskView>(`${TASKS}/${task.id}/accept`, {}, { headers: ifMatch(task.version) });
  }

  /** 退办: the lead department's head declines the task, saying why. */
  decline(task: Pick<TaskView, 'id' | 'version'>, reason: string): Observable<TaskView> {
    return this.http.post<TaskView>(`${TASKS}/${task.id}/decline`, { reason }, { headers: ifMatch(task.version) });
  }

  /** The committee keeps the lead department after a decline. */
  insist(task: Pick<TaskView, 'id' | 'version'>, comment: string): Observable<TaskView> {
    return this.http.post<TaskView>(`${TASKS}/${task.id}/insist`, { comment }, { headers: ifMatch(task.version) });
  }

  history(id: string, cursor: string | null = null): Observable<Page<HistoryEntryView>> {
    const params: Record<string, string | number> = { limit: 200 };
    if (cursor) {
      params['cursor'] = cursor;
    }
    return this.http.get<Page<HistoryEntryView>>(`${TASKS}/${id}/history`, { params });
  }

  /** The task's status at the close of each period it owed a report for, oldest first. */
  snapshots(id: string, cursor: string | null = null): Observable<Page<StatusSnapshotView>> {
    const params: Record<string, string | number> = { limit: 500 };
    if (cursor) {
      params['cursor'] = cursor;
    }
    return this.http.get<Page<StatusSnapshotView>>(`${TASKS}/${id}/snapshots`, { params });
  }
}
