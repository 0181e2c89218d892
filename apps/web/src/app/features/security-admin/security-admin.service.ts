import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { CreateOidcMappingInput, OidcMappingView, SecurityPolicyView } from '@zibo/domain';
import type { Observable } from 'rxjs';
import { ifMatch } from '../../core/api/if-match';

const MAPPINGS = '/api/oidc-mappings';

/** The security administrator's api: the policy in force and the single sign-on mapping table. */
@Injectable({ providedIn: 'root' })
export class SecurityAdminService {
  private readonly http = inject(HttpClient);

  policy(): Observable<SecurityPolicyView> {
    return this.http.get<SecurityPolicyView>('/api/security-policy');
  }

  mappings(): Observable<OidcMappingView[]> {
    return this.http.get<OidcMappingView[]>(MAPPINGS);
  }

  createMapping(input: CreateOidcMappingInput): Observable<OidcMappingView> {
    return this.http.post<OidcMappingView>(MAPPINGS, input);
  }

  removeMapping(mapping: OidcMappingView): Observable<void> {
    return this.http.delete<void>(`${MAPPINGS}/${mapping.id}`, { headers: ifMatch(mapping.version) });
  }
}
