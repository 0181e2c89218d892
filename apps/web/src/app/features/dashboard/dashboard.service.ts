import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { DashboardView } from '@zibo/domain';
import type { Observable } from 'rxjs';

@Injectable({ providedIn: 'root' })
export class DashboardService {
  private readonly http = inject(HttpClient);

  /** The live dashboard, or with `asOf` (a past business date) as recorded by the status snapshots then. */
  get(asOf: string | null = null): Observable<DashboardView> {
    return this.http.get<DashboardView>('/api/dashboard', { params: asOf ? { asOf } : {} });
  }
}
