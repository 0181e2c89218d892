import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { TranslocoPipe } from '@jsverse/transloco';
import {
  type SupervisionNoticeView,
  type TaskView,
  type UrgeView,
  TEXT_LIMITS,
  mayAct,
  taskRelation,
} from '@zibo/domain';
import { forkJoin } from 'rxjs';
import { saveFile } from '../../core/api/save-file';
import { IdempotencyKeys } from '../../core/api/idempotency-key';
import { AuthService } from '../../core/auth/auth.service';
import { type ErrorMessage, errorMessage } from '../../core/feedback/error-message';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { Notifier } from '../../core/feedback/notifier.service';
import { DateTimePipe } from '../../core/i18n/display-format.pipes';
import { BusinessCalendar } from '../../core/reference/business-calendar';
import { openReasonDialog, responseDialogData } from '../../shared/reason-dialog';
import { UrgesService } from './urges.service';
import { BusinessDatepicker } from '../../core/i18n/business-calendar-header';
import { BUSINESS_DATES } from '../../core/i18n/business-date-adapter';

/**
 * 催办 on a task page: the committee urges the lead department to answer by a date; the department
 * acknowledges and its head answers. Buttons follow the same rules the api enforces (`mayAct`).
 */
@Component({
  selector: 'app-urges-panel',
  providers: [BUSINESS_DATES],
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatDatepickerModule,
    BusinessDatepicker,
    MatInputModule,
    MatProgressBarModule,
    TranslocoPipe,
    ErrorMessagePipe,
    DateTimePipe,
  ],
  template: `
    @if (canUrge()) {
      <form class="new-urge" [formGroup]="form" (ngSubmit)="urge()" novalidate data-testid="urge-form">
        <mat-form-field class="message">
          <mat-label>{{ 'urges.message' | transloco }}</mat-label>
          <textarea matInput formControlName="message" rows="2" [maxlength]="maxLength"></textarea>
        </mat-form-field>
        <mat-form-field class="date">
          <mat-label>{{ 'urges.respondBy' | transloco }}</mat-label>
          <input matInput [matDatepicker]="respondByPicker" formControlName="respondBy" [min]="today()" />
          <mat-datepicker-toggle matIconSuffix [for]="respondByPicker" />
          <mat-datepicker #respondByPicker appCalendarHeader />
        </mat-form-field>
        <button mat-flat-button type="submit" [disabled]="busy() || form.invalid">
          <mat-icon>campaign</mat-icon>
          {{ 'urges.send' | transloco }}
        </button>
      </form>
    }
    @if (loading()) {
      <mat-progress-bar mode="indeterminate" [attr.aria-label]="'common.loading' | transloco" />
    }
    @if (failure(); as failure) {
      <p class="failure" role="alert">{{ failure | errorMessage }}</p>
    }
    @if (!loading() && urges().length === 0) {
      <p class="none">{{ 'urges.none' | transloco }}</p>
    }
    @if (notices().length) {
      <h3 class="section">{{ 'notices.title' | transloco }}</h3>
      <ol class="list">
        @for (notice of notices(); track notice.id) {
          <li class="urge notice" [class]="'notice-' + notice.colour" data-testid="notice">
            <div class="head">
              <span class="status" [class]="notice.colour">{{ 'notices.colour.' + notice.colour | transloco }}</span>
              <span class="number">{{ notice.number }}</span>
              <span class="status" [class]="notice.status">{{ 'urges.status.' + notice.status | transloco }}</span>
              <span class="when">{{ notice.issuedAt | dateTime }}</span>
            </div>
            <p class="message-text">{{ notice.text }}</p>
            <div class="meta">{{ 'urges.respondByValue' | transloco: { date: notice.respondBy } }}</div>
            @if (notice.response) {
              <p class="response">{{ 'urges.responseValue' | transloco: { response: notice.response } }}</p>
            }
            <div class="buttons">
              <button mat-stroked-button type="button" (click)="printNotice(notice)">
                <mat-icon>picture_as_pdf</mat-icon>
                {{ 'notices.pdf' | transloco }}
              </button>
              @if (!notice.respondedAt && canRespondToNotice()) {
                <button mat-flat-button type="button" (click)="respondToNotice(notice)" [disabled]="busy()">
                  {{ 'urges.respond' | transloco }}
                </button>
              }
            </div>
          </li>
        }
      </ol>
      <h3 class="section">{{ 'urges.title' | transloco }}</h3>
    }
    <ol class="list">
      @for (urge of urges(); track urge.id) {
        <li class="urge" [class]="'level-' + urge.level" data-testid="urge">
          <div class="head">
            <span class="status" [class]="urge.status">{{ 'urges.status.' + urge.status | transloco }}</span>
            @if (urge.level > 1) {
              <span class="level">{{ 'urges.level' | transloco: { level: urge.level } }}</span>
            }
            @if (urge.automatic) {
              <span class="auto">{{ 'urges.automatic' | transloco }}</span>
            }
            <span class="when">{{ urge.createdAt | dateTime }}</span>
          </div>
          <p class="message-text">{{ urge.message }}</p>
          <div class="meta">
            {{ 'urges.respondByValue' | transloco: { date: urge.respondBy } }}
            @if (urge.acknowledgedAt) {
              · {{ 'urges.acknowledgedAt' | transloco: { when: (urge.acknowledgedAt | dateTime) } }}
            }
          </div>
          @if (urge.response) {
            <p class="response" data-testid="urge-response">
              {{ 'urges.responseValue' | transloco: { response: urge.response } }}
            </p>
          }
          <div class="buttons">
            @if (!urge.acknowledgedAt && canAcknowledge()) {
              <button mat-stroked-button type="button" (click)="acknowledge(urge)" [disabled]="busy()">
                {{ 'urges.acknowledge' | transloco }}
              </button>
            }
            @if (!urge.respondedAt && canRespond()) {
              <button mat-flat-button type="button" (click)="respond(urge)" [disabled]="busy()">
                {{ 'urges.respond' | transloco }}
              </button>
            }
          </div>
        </li>
      }
    </ol>
  `,
  styles: `
    .new-urge {
      display: flex;
      flex-wrap: wrap;
      gap: 12px;
      align-items: baseline;
      margin-bottom: 12px;
    }
    .message {
      flex: 1 1 320px;
    }
    .none {
      color: var(--mat-sys-on-surface-variant);
    }
    .failure {
      color: var(--mat-sys-error);
    }
    .list {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .urge {
      padding: 12px;
      margin-bottom: 8px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 12px;
      &.level-2 {
        border-color: #e0a800;
      }
      &.level-3 {
        border-color: #c62828;
      }
    }
    .head {
      display: flex;
      gap: 12px;
      align-items: center;
    }
    .status,
    .level,
    .auto {
      padding: 2px 8px;
      border-radius: 8px;
      font: var(--mat-sys-label-medium);
      background: var(--mat-sys-surface-container-high);
    }
    .notice-blue {
      border-left: 6px solid #1565c0;
    }
    .notice-yellow {
      border-left: 6px solid #e0a800;
    }
    .notice-red {
      border-left: 6px solid #c62828;
    }
    .status.blue {
      background: #e3f2fd;
      color: #0d47a1;
    }
    .status.yellow {
      background: #fff3d6;
      color: #6d4c00;
    }
    .status.red {
      background: #fde2e1;
      color: #8c1d18;
    }
    .number {
      font: var(--mat-sys-label-large);
    }
    .status.answered {
      background: #dcf5e3;
      color: #135c2c;
    }
    .status.overdue,
    .level {
      background: #fde2e1;
      color: #8c1d18;
    }
    .when,
    .meta {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .buttons {
      display: flex;
      gap: 8px;
      margin-top: 8px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UrgesPanel {
  private readonly api = inject(UrgesService);
  private readonly auth = inject(AuthService);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  private readonly calendar = inject(BusinessCalendar);
  private readonly keys = new IdempotencyKeys();

  readonly task = input.required<TaskView>();

  protected readonly maxLength = TEXT_LIMITS.longText;
  protected readonly urges = signal<UrgeView[]>([]);
  protected readonly notices = signal<SupervisionNoticeView[]>([]);
  protected readonly loading = signal(true);
  protected readonly busy = signal(false);
  protected readonly failure = signal<ErrorMessage | null>(null);
  protected readonly today = computed(() => this.calendar.today());
  protected readonly form = inject(NonNullableFormBuilder).group({
    message: ['', [Validators.required, Validators.maxLength(TEXT_LIMITS.longText)]],
    respondBy: ['', Validators.required],
  });

  private readonly relation = computed(() => taskRelation(this.auth.me()?.departmentId ?? null, this.task()));
  private readonly may = (action: 'urge.create' | 'urge.acknowledge' | 'urge.respond') => {
    const me = this.auth.me();
    return !!me && mayAct(me.role, this.relation(), action);
  };
  protected readonly canUrge = computed(() => {
    const status = this.task().status;
    return (status === 'assigned' || status === 'in_progress') && this.may('urge.create');
  });
  protected readonly canAcknowledge = computed(() => this.may('urge.acknowledge'));
  protected readonly canRespond = computed(() => this.may('urge.respond'));
  protected readonly canRespondToNotice = computed(() => {
    const me = this.auth.me();
    return !!me && mayAct(me.role, this.relation(), 'notice.respond');
  });

  constructor() {
    // Reload when the task (its id or version) changes, e.g. after an accept on the same page.
    effect(() => {
      const { id, version } = this.task();
      if (id && version) untracked(() => this.load());
    });
  }

  protected load(): void {
    this.loading.set(true);
    forkJoin({
      urges: this.api.listForTask(this.task().id),
      notices: this.api.noticesForTask(this.task().id),
    }).subscribe({
      next: ({ urges, notices }) => {
        this.urges.set(urges.items);
        this.notices.set(notices.items);
        this.loading.set(false);
        this.failure.set(null);
      },
      error: (error: unknown) => {
        this.loading.set(false);
        this.failure.set(errorMessage(error));
      },
    });
  }

  protected urge(): void {
    const input = this.form.getRawValue();
    this.busy.set(true);
    this.api.create(this.task().id, input, this.keys.keyFor(input)).subscribe({
      next: () => {
        this.busy.set(false);
        this.keys.reset();
        this.form.reset();
        this.notifier.success('urges.sent');
        this.load();
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.notifier.error(error);
      },
    });
  }

  protected acknowledge(urge: UrgeView): void {
    this.busy.set(true);
    this.api.acknowledge(urge).subscribe({
      next: () => {
        this.busy.set(false);
        this.load();
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.notifier.error(error);
        this.load();
      },
    });
  }

  protected printNotice(notice: SupervisionNoticeView): void {
    this.api.noticePdf(notice).subscribe({
      next: (blob) => saveFile(blob, `notice-${notice.year}-${notice.serial}.pdf`),
      error: (error: unknown) => this.notifier.error(error),
    });
  }

  protected respondToNotice(notice: SupervisionNoticeView): void {
    const texts = { title: 'notices.respondTitle', confirm: 'urges.respond', draftKey: `notice-respond.${notice.id}` };
    openReasonDialog(
      this.dialog,
      responseDialogData(texts, (response) => this.api.respondToNotice(notice, response)),
    ).subscribe(() => this.answered());
  }

  protected respond(urge: UrgeView): void {
    const texts = { title: 'urges.respondTitle', confirm: 'urges.respond', draftKey: `urge-respond.${urge.id}` };
    openReasonDialog(
      this.dialog,
      responseDialogData(texts, (response) => this.api.respond(urge, response)),
    ).subscribe(() => this.answered());
  }

  private answered(): void {
    this.notifier.success('urges.answered');
    this.load();
  }
}
