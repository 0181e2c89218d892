import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { LedgerView, RankingView } from '@zibo/domain';
import type { Observable } from 'rxjs';
import { type DownloadState, FileDownloads } from '../../core/api/download';

export const LEDGER_FILE_FORMATS = ['csv', 'xlsx', 'pdf'] as const;
export type LedgerFileFormat = (typeof LEDGER_FILE_FORMATS)[number];

/** The api's query: the month, and a department only when one is chosen (empty parameters are refused). */
export function ledgerParams(period: string, department: string | null): HttpParams {
  const params = new HttpParams().set('period', period);
  return department ? params.set('department', department) : params;
}

@Injectable({ providedIn: 'root' })
export class LedgerService {
  private readonly http = inject(HttpClient);
  private readonly downloads = inject(FileDownloads);

  ledger(period: string, department: string | null): Observable<LedgerView> {
    return this.http.get<LedgerView>('/api/ledger', { params: ledgerParams(period, department) });
  }

  download(period: string, department: string | null, format: LedgerFileFormat): Observable<DownloadState> {
    return this.downloads.download(
      '/api/ledger',
      ledgerParams(period, department).set('format', format),
      `ledger-${period}.${format}`,
    );
  }

  ranking(period: string): Observable<RankingView> {
    return this.http.get<RankingView>('/api/ranking', { params: { period } });
  }
}
