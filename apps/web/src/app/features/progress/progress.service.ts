import { HttpClient, type HttpEvent, HttpEventType } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  AttachmentView,
  CreateReportInput,
  Page,
  ReportView,
  ReviewReportInput,
  UpdateReportInput,
} from '@zibo/domain';
import { type Observable, concatMap, filter, from, map, toArray } from 'rxjs';
import { idempotencyHeader } from '../../core/api/idempotency-key';
import { ifMatch } from '../../core/api/if-match';

type Versioned = Pick<ReportView, 'id' | 'version'>;

@Injectable({ providedIn: 'root' })
export class ProgressService {
  private readonly http = inject(HttpClient);

  /** Every report of a task, by period, each with all its submitted versions. */
  listForTask(taskId: string): Observable<ReportView[]> {
    return this.http.get<Page<ReportView>>(`/api/tasks/${taskId}/progress`).pipe(map((page) => page.items));
  }

  get(id: string): Observable<ReportView> {
    return this.http.get<ReportView>(`/api/progress/${id}`);
  }

  create(taskId: string, input: CreateReportInput, idempotencyKey: string): Observable<ReportView> {
    return this.http.post<ReportView>(`/api/tasks/${taskId}/progress`, input, {
      headers: idempotencyHeader(idempotencyKey),
    });
  }

  update(report: Versioned, changes: UpdateReportInput): Observable<ReportView> {
    return this.http.patch<ReportView>(`/api/progress/${report.id}`, changes, { headers: ifMatch(report.version) });
  }

  submit(report: Versioned): Observable<ReportView> {
    return this.http.post<ReportView>(`/api/progress/${report.id}/submit`, {}, { headers: ifMatch(report.version) });
  }

  review(report: Versioned, input: ReviewReportInput): Observable<ReportView> {
    return this.http.post<ReportView>(`/api/progress/${report.id}/review`, input, {
      headers: ifMatch(report.version),
    });
  }

  /** Staff hand a draft to their head (交负责人提交). */
  markReady(report: Versioned): Observable<ReportView> {
    return this.http.post<ReportView>(`/api/progress/${report.id}/ready`, {}, { headers: ifMatch(report.version) });
  }

  revise(report: Versioned): Observable<ReportView> {
    return this.http.post<ReportView>(`/api/progress/${report.id}/revise`, {}, { headers: ifMatch(report.version) });
  }

  /** Uploads one file to a draft, reporting progress events (for the progress bar). */
  upload(
    owner: { kind: 'progress' | 'contributions' | 'close-requests'; id: string },
    file: File,
  ): Observable<HttpEvent<AttachmentView>> {
    const body = new FormData();
    body.append('file', file, file.name);
    return this.http.post<AttachmentView>(`/api/${owner.kind}/${owner.id}/attachments`, body, {
      reportProgress: true,
      observe: 'events',
    });
  }

  /** Uploads files one after another (evidence picked before the record's first save); the stored attachments. */
  uploadAll(
    owner: { kind: 'progress' | 'contributions'; id: string },
    files: readonly File[],
  ): Observable<AttachmentView[]> {
    return from(files).pipe(
      concatMap((file) => this.upload(owner, file)),
      filter((event) => event.type === HttpEventType.Response),
      map((event) => event.body as AttachmentView),
      toArray(),
    );
  }

  /** Removes a file from the current draft (replace = remove + upload). */
  removeAttachment(attachment: Pick<AttachmentView, 'id'>): Observable<void> {
    return this.http.delete<void>(`/api/attachments/${attachment.id}`);
  }

  /** The file's content; a plain link would not carry the bearer token. */
  download(attachment: Pick<AttachmentView, 'id'>): Observable<Blob> {
    return this.http.get(`/api/attachments/${attachment.id}`, { responseType: 'blob' });
  }
}
