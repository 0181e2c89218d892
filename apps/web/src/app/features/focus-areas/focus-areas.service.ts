import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { FocusAreaView } from '@zibo/domain';
import type { Observable } from 'rxjs';

@Injectable({ providedIn: 'root' })
export class FocusAreasService {
  private readonly http = inject(HttpClient);

  list(): Observable<FocusAreaView[]> {
    return this.http.get<FocusAreaView[]>('/api/focus-areas');
  }
}
