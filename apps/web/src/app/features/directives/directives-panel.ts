import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MatInputModule } from '@angular/material/input';
import { TranslocoPipe } from '@jsverse/transloco';
import {
  type DirectiveView,
  type TaskView,
  TEXT_LIMITS,
  compareDirectives,
  isOpenTask,
  mayAct,
  taskRelation,
} from '@zibo/domain';
import { IdempotencyKeys } from '../../core/api/idempotency-key';
import { AuthService } from '../../core/auth/auth.service';
import { type ErrorMessage, errorMessage } from '../../core/feedback/error-message';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { Notifier } from '../../core/feedback/notifier.service';
import { DateTimePipe } from '../../core/i18n/display-format.pipes';
import { BusinessCalendar } from '../../core/reference/business-calendar';
import { openReasonDialog, responseDialogData } from '../../shared/reason-dialog';
import { DirectivesService } from './directives.service';
import { BusinessDatepicker } from '../../core/i18n/business-calendar-header';
import { BUSINESS_DATES } from '../../core/i18n/business-date-adapter';

/**
 * 领导批示 on a task page: a committee member writes a directive with an answer date; the lead
 * department's head answers it. Pending directives come first and stand out; answered ones follow.
 */
@Component({
  selector: 'app-directives-panel',
  providers: [BUSINESS_DATES],
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatDatepickerModule,
    BusinessDatepicker,
    MatInputModule,
    TranslocoPipe,
    ErrorMessagePipe,
    DateTimePipe,
  ],
  template: `
    @if (failure(); as failure) {
      <p class="failure" role="alert">{{ failure | errorMessage }}</p>
    }
    @if (directives().length || canIssue()) {
      <section class="directives" [attr.aria-label]="'directives.title' | transloco" data-testid="directives">
        <h2 class="title">
          <mat-icon aria-hidden="true">rate_review</mat-icon>
          {{ 'directives.title' | transloco }}
          @if (pendingCount()) {
            <span class="badge">{{ 'directives.pendingCount' | transloco: { count: pendingCount() } }}</span>
          }
        </h2>
        <ol class="list">
          @for (directive of directives(); track directive.id) {
            <li class="directive" [class.pending]="!directive.respondedAt" data-testid="directive">
              <div class="head">
                <span class="status" [class]="directive.status">{{
                  'directives.status.' + directive.status | transloco
                }}</span>
                @if (directive.issuedByName) {
                  <span class="who">{{ directive.issuedByName }}</span>
                }
                <span class="when">{{ directive.issuedAt | dateTime }}</span>
                @if (directive.reportPeriod) {
                  <span class="when">{{ 'directives.onReport' | transloco: { period: directive.reportPeriod } }}</span>
                }
              </div>
              <p class="text">{{ directive.text }}</p>
              <div class="meta">{{ 'urges.respondByValue' | transloco: { date: directive.respondBy } }}</div>
              @if (directive.response) {
                <p class="response" data-testid="directive-response">
                  {{ 'urges.responseValue' | transloco: { response: directive.response } }}
                  @if (directive.respondedAt) {
                    <span class="when">· {{ directive.respondedAt | dateTime }}</span>
                  }
                </p>
              }
              @if (!directive.respondedAt && canRespond()) {
                <div class="buttons">
                  <button
                    mat-flat-button
                    type="button"
                    (click)="respond(directive)"
                    [disabled]="busy()"
                    data-testid="respond-directive"
                  >
                    {{ 'directives.respond' | transloco }}
                  </button>
                </div>
              }
            </li>
          }
        </ol>
        @if (canIssue()) {
          <form class="new" [formGroup]="form" (ngSubmit)="issue()" novalidate data-testid="directive-form">
            <mat-form-field class="text-field">
              <mat-label>{{ 'directives.text' | transloco }}</mat-label>
              <textarea matInput formControlName="text" rows="2" [maxlength]="maxLength"></textarea>
            </mat-form-field>
            <mat-form-field class="date">
              <mat-label>{{ 'urges.respondBy' | transloco }}</mat-label>
              <input matInput [matDatepicker]="respondByPicker" formControlName="respondBy" [min]="today()" />
              <mat-datepicker-toggle matIconSuffix [for]="respondByPicker" />
              <mat-datepicker #respondByPicker appCalendarHeader />
            </mat-form-field>
            <button mat-flat-button type="submit" [disabled]="busy() || form.invalid">
              <mat-icon>rate_review</mat-icon>
              {{ 'directives.issue' | transloco }}
            </button>
          </form>
        }
      </section>
    }
  `,
  styles: `
    .directives {
      margin: 12px 0;
      padding: 12px 16px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 12px;
    }
    .title {
      display: flex;
      gap: 8px;
      align-items: center;
      margin: 0 0 8px;
      font: var(--mat-sys-title-medium);
    }
    .badge {
      padding: 2px 8px;
      border-radius: 8px;
      background: #fde2e1;
      color: #8c1d18;
      font: var(--mat-sys-label-medium);
    }
    .failure {
      color: var(--mat-sys-error);
    }
    .list {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .directive {
      padding: 8px 12px;
      margin-bottom: 8px;
      border-radius: 8px;
      background: var(--mat-sys-surface-container-low);
      &.pending {
        border-left: 6px solid #c62828;
        background: #fff8f7;
      }
    }
    .head {
      display: flex;
      flex-wrap: wrap;
      gap: 12px;
      align-items: center;
    }
    .status {
      padding: 2px 8px;
      border-radius: 8px;
      font: var(--mat-sys-label-medium);
      background: var(--mat-sys-surface-container-high);
      &.answered {
        background: #dcf5e3;
        color: #135c2c;
      }
      &.overdue {
        background: #fde2e1;
        color: #8c1d18;
      }
    }
    .text {
      margin: 6px 0;
      font: var(--mat-sys-body-large);
    }
    .who,
    .when,
    .meta {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .buttons {
      margin-top: 6px;
    }
    .new {
      display: flex;
      flex-wrap: wrap;
      gap: 12px;
      align-items: baseline;
      margin-top: 8px;
    }
    .text-field {
      flex: 1 1 320px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DirectivesPanel {
  private readonly api = inject(DirectivesService);
  private readonly auth = inject(AuthService);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  private readonly calendar = inject(BusinessCalendar);
  private readonly keys = new IdempotencyKeys();

  readonly task = input.required<TaskView>();

  protected readonly maxLength = TEXT_LIMITS.longText;
  protected readonly directives = signal<DirectiveView[]>([]);
  protected readonly busy = signal(false);
  protected readonly failure = signal<ErrorMessage | null>(null);
  protected readonly today = computed(() => this.calendar.today());
  protected readonly pendingCount = computed(() => this.directives().filter((d) => !d.respondedAt).length);
  protected readonly form = inject(NonNullableFormBuilder).group({
    text: ['', [Validators.required, Validators.maxLength(TEXT_LIMITS.longText)]],
    respondBy: ['', Validators.required],
  });

  private readonly relation = computed(() => taskRelation(this.auth.me()?.departmentId ?? null, this.task()));
  private readonly may = (action: 'directive.issue' | 'directive.respond') => {
    const me = this.auth.me();
    return !!me && isOpenTask(this.task().status) && mayAct(me.role, this.relation(), action);
  };
  protected readonly canIssue = computed(() => this.may('directive.issue'));
  protected readonly canRespond = computed(() => this.may('directive.respond'));

  constructor() {
    effect(() => {
      const { id, version } = this.task();
      if (id && version) untracked(() => this.load());
    });
  }

  protected load(): void {
    this.api.listForTask(this.task().id).subscribe({
      next: (page) => {
        this.directives.set([...page.items].sort(compareDirectives));
        this.failure.set(null);
      },
      error: (error: unknown) => this.failure.set(errorMessage(error)),
    });
  }

  protected issue(): void {
    const input = this.form.getRawValue();
    this.busy.set(true);
    this.api.create(this.task().id, input, this.keys.keyFor(input)).subscribe({
      next: () => {
        this.busy.set(false);
        this.keys.reset();
        this.form.reset();
        this.notifier.success('directives.issued');
        this.load();
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.notifier.error(error);
      },
    });
  }

  protected respond(directive: DirectiveView): void {
    const texts = {
      title: 'directives.respondTitle',
      confirm: 'directives.respond',
      draftKey: `directive-respond.${directive.id}`,
    };
    openReasonDialog(
      this.dialog,
      responseDialogData(texts, (response) => this.api.respond(directive, response)),
    ).subscribe(() => {
      this.notifier.success('directives.answered');
      this.load();
    });
  }
}
