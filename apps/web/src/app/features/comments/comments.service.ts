import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { CommentView, CreateCommentInput, MentionableUserView, Page } from '@zibo/domain';
import type { Observable } from 'rxjs';
import { idempotencyHeader } from '../../core/api/idempotency-key';

/** What a comment thread is on: a task (`/api/tasks`) or a report (`/api/progress`). */
export interface CommentTarget {
  kind: 'task' | 'report';
  id: string;
}

const base = (target: CommentTarget) => `/api/${target.kind === 'task' ? 'tasks' : 'progress'}/${target.id}`;

@Injectable({ providedIn: 'root' })
export class CommentsService {
  private readonly http = inject(HttpClient);

  list(target: CommentTarget): Observable<Page<CommentView>> {
    return this.http.get<Page<CommentView>>(`${base(target)}/comments`, { params: { limit: 500 } });
  }

  create(target: CommentTarget, input: CreateCommentInput, idempotencyKey: string): Observable<CommentView> {
    return this.http.post<CommentView>(`${base(target)}/comments`, input, {
      headers: idempotencyHeader(idempotencyKey),
    });
  }

  /** Users who can see the target, for the @ autocomplete. */
  mentionable(target: CommentTarget, q: string): Observable<MentionableUserView[]> {
    return this.http.get<MentionableUserView[]>(`${base(target)}/mentionable-users`, { params: { q, limit: 10 } });
  }
}
