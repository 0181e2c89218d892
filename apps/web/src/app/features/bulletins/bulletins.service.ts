import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { BulletinListItemView, BulletinView, Page, UpdateBulletinInput } from '@zibo/domain';
import type { Observable } from 'rxjs';
import { idempotencyHeader } from '../../core/api/idempotency-key';
import { ifMatch } from '../../core/api/if-match';

/** 督查通报: the committee drafts, edits and publishes; every department reads the published ones. */
@Injectable({ providedIn: 'root' })
export class BulletinsService {
  private readonly http = inject(HttpClient);

  list(): Observable<Page<BulletinListItemView>> {
    return this.http.get<Page<BulletinListItemView>>('/api/bulletins', { params: { limit: 500 } });
  }

  get(id: string): Observable<BulletinView> {
    return this.http.get<BulletinView>(`/api/bulletins/${id}`);
  }

  create(period: string, idempotencyKey: string): Observable<BulletinView> {
    return this.http.post<BulletinView>('/api/bulletins', { period }, { headers: idempotencyHeader(idempotencyKey) });
  }

  update(bulletin: Pick<BulletinView, 'id' | 'version'>, input: UpdateBulletinInput): Observable<BulletinView> {
    return this.http.patch<BulletinView>(`/api/bulletins/${bulletin.id}`, input, {
      headers: ifMatch(bulletin.version),
    });
  }

  publish(bulletin: Pick<BulletinView, 'id' | 'version'>): Observable<BulletinView> {
    return this.http.post<BulletinView>(
      `/api/bulletins/${bulletin.id}/publish`,
      {},
      { headers: ifMatch(bulletin.version) },
    );
  }

  /** The printed bulletin; a plain link would not carry the bearer token. */
  file(bulletin: Pick<BulletinView, 'id'>, format: 'pdf' | 'docx'): Observable<Blob> {
    return this.http.get(`/api/bulletins/${bulletin.id}`, { params: { format }, responseType: 'blob' });
  }
}
