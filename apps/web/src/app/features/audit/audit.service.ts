import { HttpClient, type HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Page } from '@zibo/domain';
import type { Observable } from 'rxjs';
import { type DownloadState, FileDownloads } from '../../core/api/download';
import type { AuditEventView, AuditExportFormat, CheckpointView, VerifyResultView } from './audit.types';

const AUDIT = '/api/audit';

@Injectable({ providedIn: 'root' })
export class AuditService {
  private readonly http = inject(HttpClient);
  private readonly downloads = inject(FileDownloads);

  /** Newest first; `filters` as auditApiParams builds them. */
  events(filters: HttpParams, cursor: string | null = null, limit = 100): Observable<Page<AuditEventView>> {
    let params = filters.set('limit', limit);
    if (cursor) {
      params = params.set('cursor', cursor);
    }
    return this.http.get<Page<AuditEventView>>(`${AUDIT}/events`, { params });
  }

  verify(): Observable<VerifyResultView> {
    return this.http.get<VerifyResultView>(`${AUDIT}/verify`);
  }

  checkpoints(): Observable<CheckpointView[]> {
    return this.http.get<CheckpointView[]>(`${AUDIT}/checkpoints`);
  }

  publicKey(): Observable<string> {
    return this.http.get(`${AUDIT}/public-key`, { responseType: 'text' });
  }

  /** The (filtered) log as a file the server streams; verifiable offline for CSV and XLSX. */
  export(filters: HttpParams, format: AuditExportFormat): Observable<DownloadState> {
    return this.downloads.download(`${AUDIT}/export`, filters.set('format', format), `audit.${format}`);
  }
}
