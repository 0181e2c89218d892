import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  CreateTaskInput,
  HistoryEntryView,
  Page,
  StatusSnapshotView,
  TaskImportPreview,
  TaskImportResult,
  TaskListItemView,
  TaskTotalsView,
  TaskView,
  UpdateTaskInput,
} from '@zibo/domain';
import type { Observable } from 'rxjs';
import { type DownloadState, FileDownloads } from '../../core/api/download';
import { idempotencyHeader } from '../../core/api/idempotency-key';
import { ifMatch } from '../../core/api/if-match';
import { type TaskFilters, taskListParams, taskTotalsParams } from './task-filters';

const TASKS = '/api/tasks';

@Injectable({ providedIn: 'root' })
export class TasksService {
  private readonly http = inject(HttpClient);
  private readonly downloads = inject(FileDownloads);

  list(filters: TaskFilters, cursor: string | null = null): Observable<Page<TaskListItemView>> {
    return this.http.get<Page<TaskListItemView>>(TASKS, { params: taskListParams(filters, cursor) });
  }

  /** How many tasks the filters match, per RAG, status and overdue (the list's totals line). */
  totals(filters: TaskFilters): Observable<TaskTotalsView> {
    return this.http.get<TaskTotalsView>(`${TASKS}/totals`, { params: taskTotalsParams(filters) });
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

  /** The XLSX template for importing tasks (committee). */
  importTemplate(): Observable<DownloadState> {
    return this.downloads.download(`${TASKS}/import/template`, new HttpParams(), 'tasks-import-template.xlsx');
  }

  /** The preview of an import: every row with its errors; nothing is stored. */
  previewImport(file: File): Observable<TaskImportPreview> {
    return this.http.post<TaskImportPreview>(`${TASKS}/import`, importForm(file), { params: { dryRun: 'true' } });
  }

  /** Creates every row as a draft task, or nothing; a retry with the same key creates nothing more. */
  runImport(file: File, idempotencyKey: string): Observable<TaskImportResult> {
    return this.http.post<TaskImportResult>(`${TASKS}/import`, importForm(file), {
      params: { dryRun: 'false' },
      headers: idempotencyHeader(idempotencyKey),
    });
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

function importForm(file: File): FormData {
  const form = new FormData();
  form.append('file', file, file.name);
  return form;
}
