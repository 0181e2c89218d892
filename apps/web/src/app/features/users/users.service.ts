import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import {
  type CreateUserInput,
  type Page,
  PAGE_DEFAULT_LIMIT,
  type Role,
  type UpdateUserInput,
  type UserView,
} from '@zibo/domain';
import { type Observable, map } from 'rxjs';
import { ifMatch } from '../../core/api/if-match';

const USERS = '/api/users';

export interface UserQuery {
  role?: Role;
  q?: string;
  cursor?: string | null;
  limit?: number;
}

@Injectable({ providedIn: 'root' })
export class UsersService {
  private readonly http = inject(HttpClient);

  list(query: UserQuery = {}): Observable<Page<UserView>> {
    // Unknown or empty parameters are refused by the api (400), so only set ones are sent.
    let params = new HttpParams().set('limit', query.limit ?? PAGE_DEFAULT_LIMIT);
    if (query.q) {
      params = params.set('q', query.q);
    }
    if (query.role) {
      params = params.set('role', query.role);
    }
    if (query.cursor) {
      params = params.set('cursor', query.cursor);
    }
    return this.http.get<Page<UserView>>(USERS, { params });
  }

  /** The current version of one user (the api has no single-user GET; the username finds it). */
  find(user: Pick<UserView, 'id' | 'username'>): Observable<UserView | undefined> {
    return this.list({ q: user.username }).pipe(map((page) => page.items.find((u) => u.id === user.id)));
  }

  create(input: CreateUserInput): Observable<UserView> {
    return this.http.post<UserView>(USERS, input);
  }

  /** The security administrator removes a user's second factor (a lost phone); their sessions end. */
  update(user: Pick<UserView, 'id' | 'version'>, changes: UpdateUserInput): Observable<UserView> {
    return this.http.patch<UserView>(`${USERS}/${user.id}`, changes, { headers: ifMatch(user.version) });
  }

  /** Removes the user's second factor: they enrol again at their next sign-in (security administrator). */
  resetSecondFactor(user: Pick<UserView, 'id'>): Observable<unknown> {
    return this.http.post(`${USERS}/${user.id}/mfa/reset`, {});
  }
}
