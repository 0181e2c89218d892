import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatAutocompleteModule, type MatAutocompleteSelectedEvent } from '@angular/material/autocomplete';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { TranslocoPipe } from '@jsverse/transloco';
import { type CommentView, type MentionableUserView, TEXT_LIMITS, hasPermission } from '@zibo/domain';
import { Subject, debounceTime, distinctUntilChanged, of, switchMap } from 'rxjs';
import { IdempotencyKeys } from '../../core/api/idempotency-key';
import { AuthService } from '../../core/auth/auth.service';
import { type ErrorMessage, errorMessage } from '../../core/feedback/error-message';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { Notifier } from '../../core/feedback/notifier.service';
import { DateTimePipe } from '../../core/i18n/display-format.pipes';
import { type CommentTarget, CommentsService } from './comments.service';
import { insertMention, mentionQueryAt, mentionsInText } from './mention-query';

/**
 * Comments on a task or report. Typing `@` offers the users who can see it (the api's own rule);
 * choosing one puts `@name` in the text and the user's id among the mentions, who are notified.
 */
@Component({
  selector: 'app-comments-panel',
  imports: [
    MatAutocompleteModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    TranslocoPipe,
    ErrorMessagePipe,
    DateTimePipe,
  ],
  template: `
    @if (loading()) {
      <mat-progress-bar mode="indeterminate" [attr.aria-label]="'common.loading' | transloco" />
    }
    @if (failure(); as failure) {
      <p class="failure" role="alert">{{ failure | errorMessage }}</p>
    }
    <ol class="list">
      @for (comment of comments(); track comment.id) {
        <li data-testid="comment">
          <div class="head">
            <span class="author">{{ comment.authorName ?? ('history.system' | transloco) }}</span>
            <span class="when">{{ comment.createdAt | dateTime }}</span>
          </div>
          <p class="text">{{ comment.text }}</p>
          @if (comment.mentions.length) {
            <div class="mentions">
              {{ 'comments.mentioned' | transloco: { names: mentionNames(comment) } }}
            </div>
          }
        </li>
      } @empty {
        @if (!loading()) {
          <li class="none">{{ 'comments.none' | transloco }}</li>
        }
      }
    </ol>
    @if (canWrite()) {
      <form class="new" (submit)="$event.preventDefault(); post()" data-testid="comment-form">
        <mat-form-field class="text-field">
          <mat-label>{{ 'comments.label' | transloco }}</mat-label>
          <textarea
            #box
            matInput
            rows="3"
            [attr.maxlength]="maxLength"
            [value]="text()"
            (input)="typed(box)"
            (click)="typed(box)"
            [matAutocomplete]="users"
            data-testid="comment-text"
          ></textarea>
          <mat-hint>{{ 'comments.hint' | transloco }}</mat-hint>
        </mat-form-field>
        <mat-autocomplete #users="matAutocomplete" (optionSelected)="choose($event, box)">
          @for (user of suggestions(); track user.id) {
            <mat-option [value]="user"
              >{{ user.displayName }} <small>{{ user.username }}</small></mat-option
            >
          }
        </mat-autocomplete>
        <button mat-flat-button type="submit" [disabled]="busy() || !text().trim()">
          <mat-icon>send</mat-icon>{{ 'comments.post' | transloco }}
        </button>
      </form>
    }
  `,
  styles: `
    .list {
      list-style: none;
      margin: 0 0 12px;
      padding: 0;
      li {
        padding: 8px 0;
        border-bottom: 1px solid var(--mat-sys-outline-variant);
      }
    }
    .head {
      display: flex;
      gap: 12px;
    }
    .author {
      font: var(--mat-sys-label-large);
    }
    .when,
    .mentions,
    .none {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .text {
      white-space: pre-wrap;
      margin: 4px 0;
    }
    .new {
      display: flex;
      flex-wrap: wrap;
      gap: 12px;
      align-items: baseline;
    }
    .text-field {
      flex: 1 1 360px;
    }
    .failure {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CommentsPanel {
  private readonly api = inject(CommentsService);
  private readonly auth = inject(AuthService);
  private readonly notifier = inject(Notifier);
  private readonly keys = new IdempotencyKeys();
  private readonly queries = new Subject<string | null>();
  private chosen: MentionableUserView[] = [];
  private mention: { start: number; query: string } | null = null;

  readonly target = input.required<CommentTarget>();

  protected readonly maxLength = TEXT_LIMITS.longText;
  protected readonly comments = signal<CommentView[]>([]);
  protected readonly suggestions = signal<MentionableUserView[]>([]);
  protected readonly text = signal('');
  protected readonly loading = signal(true);
  protected readonly busy = signal(false);
  protected readonly failure = signal<ErrorMessage | null>(null);
  protected readonly canWrite = computed(() => {
    const me = this.auth.me();
    return !!me && hasPermission(me.role, 'comments:write');
  });

  constructor() {
    effect(() => {
      const { kind, id } = this.target();
      untracked(() => this.load({ kind, id }));
    });
    this.queries
      .pipe(
        debounceTime(150),
        distinctUntilChanged(),
        switchMap((q) => (q === null ? of([]) : this.api.mentionable(this.target(), q))),
        takeUntilDestroyed(),
      )
      .subscribe({ next: (users) => this.suggestions.set(users), error: () => this.suggestions.set([]) });
  }

  private load(target: CommentTarget): void {
    this.loading.set(true);
    this.api.list(target).subscribe({
      next: (page) => {
        this.comments.set(page.items);
        this.loading.set(false);
        this.failure.set(null);
      },
      error: (error: unknown) => {
        this.loading.set(false);
        this.failure.set(errorMessage(error));
      },
    });
  }

  protected mentionNames(comment: CommentView): string {
    return comment.mentions.map((m) => m.displayName).join('、');
  }

  protected typed(box: HTMLTextAreaElement): void {
    this.text.set(box.value);
    this.mention = mentionQueryAt(box.value, box.selectionStart ?? box.value.length);
    this.queries.next(this.mention ? this.mention.query : null);
  }

  protected choose(event: MatAutocompleteSelectedEvent, box: HTMLTextAreaElement): void {
    const user = event.option.value as MentionableUserView;
    const mention = this.mention ?? { start: box.value.length, query: '' };
    const next = insertMention(this.text(), mention, user.displayName);
    this.chosen.push(user);
    this.text.set(next.text);
    box.value = next.text;
    box.setSelectionRange(next.caret, next.caret);
    this.mention = null;
    this.queries.next(null);
  }

  protected post(): void {
    const input = { text: this.text().trim(), mentions: mentionsInText(this.text(), this.chosen) };
    if (!input.text) return;
    this.busy.set(true);
    this.api.create(this.target(), input, this.keys.keyFor(input)).subscribe({
      next: () => {
        this.busy.set(false);
        this.keys.reset();
        this.chosen = [];
        this.text.set('');
        this.notifier.success('comments.posted');
        this.load(this.target());
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.notifier.error(error);
      },
    });
  }
}
