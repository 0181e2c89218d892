import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { PutWebhookInput, WebhookKind, WebhookView } from '@zibo/domain';
import type { Observable } from 'rxjs';

const robots = (departmentId: string) => `/api/departments/${departmentId}/webhooks`;

/** A department's 企业微信 / 钉钉 group robots: write-only URLs and secrets, read back masked. */
@Injectable({ providedIn: 'root' })
export class DepartmentWebhooksService {
  private readonly http = inject(HttpClient);

  list(departmentId: string): Observable<WebhookView[]> {
    return this.http.get<WebhookView[]>(robots(departmentId));
  }

  put(departmentId: string, kind: WebhookKind, input: PutWebhookInput): Observable<WebhookView> {
    return this.http.put<WebhookView>(`${robots(departmentId)}/${kind}`, input);
  }

  remove(departmentId: string, kind: WebhookKind): Observable<void> {
    return this.http.delete<void>(`${robots(departmentId)}/${kind}`);
  }
}
