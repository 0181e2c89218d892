import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { LedgerComplianceFilter, LedgerView, RankingView } from '@zibo/domain';
import type { Observable } from 'rxjs';
import { type DownloadState, FileDownloads } from '../../core/api/download';

export const LEDGER_FILE_FORMATS = ['csv', 'xlsx', 'pdf'] as const;
export type LedgerFileFormat = (typeof LEDGER_FILE_FORMATS)[number];

/** What a dashboard number narrows the ledger to: the tasks a department leads, of one compliance. */
export interface LedgerNarrowing {
  leadDepartment: string | null;
  compliance: LedgerComplianceFilter | null;
}

export const NO_NARROWING: LedgerNarrowing = { leadDepartment: null, compliance: null };

/** The api's query: the month, and each filter only when set (empty parameters are refused). */
export function ledgerParams(
  period: string,
  department: string | null,
  narrowing: LedgerNarrowing = NO_NARROWING,
): HttpParams {
  let params = new HttpParams().set('period', period);
  if (department) params = params.set('department', department);
  if (narrowing.leadDepartment) params = params.set('leadDepartment', narrowing.leadDepartment);
  if (narrowing.compliance) params = params.set('compliance', narrowing.compliance);
  return params;
}

@Injectable({ providedIn: 'root' })
export class LedgerService {
  private readonly http = inject(HttpClient);
  private readonly downloads = inject(FileDownloads);

  ledger(period: string, department: string | null, narrowing = NO_NARROWING): Observable<LedgerView> {
    return this.http.get<LedgerView>('/api/ledger', { params: ledgerParams(period, department, narrowing) });
  }

  download(
    period: string,
    department: string | null,
    format: LedgerFileFormat,
    narrowing = NO_NARROWING,
  ): Observable<DownloadState> {
    return this.downloads.download(
      '/api/ledger',
      ledgerParams(period, department, narrowing).set('format', format),
      `ledger-${period}.${format}`,
    );
  }

  ranking(period: string): Observable<RankingView> {
    return this.http.get<RankingView>('/api/ranking', { params: { period } });
  }
}
