import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { type BulletinListItemView, hasPermission } from '@zibo/domain';
import { IdempotencyKeys } from '../../core/api/idempotency-key';
import { AuthService } from '../../core/auth/auth.service';
import { type ErrorMessage, errorMessage } from '../../core/feedback/error-message';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { Notifier } from '../../core/feedback/notifier.service';
import { DateTimePipe, PeriodPipe } from '../../core/i18n/display-format.pipes';
import { LanguageService } from '../../core/i18n/language.service';
import { BusinessCalendar } from '../../core/reference/business-calendar';
import { defaultLedgerMonth, ledgerMonths } from '../ledger';
import { BulletinsService } from './bulletins.service';

/**
 * 督查通报: the list of monthly bulletins. The committee drafts the bulletin of a month from the data
 * and sees its drafts; every other reader sees the published ones.
 */
@Component({
  selector: 'app-bulletins-page',
  imports: [
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatProgressBarModule,
    MatSelectModule,
    TranslocoPipe,
    ErrorMessagePipe,
    DateTimePipe,
    PeriodPipe,
  ],
  template: `
    <h1>{{ 'bulletins.title' | transloco }}</h1>
    <p class="intro">{{ (canManage() ? 'bulletins.introCommittee' : 'bulletins.intro') | transloco }}</p>
    @if (canManage()) {
      <div class="new" data-testid="bulletin-new">
        <mat-form-field>
          <mat-label>{{ 'bulletins.period' | transloco }}</mat-label>
          <mat-select [value]="period()" (selectionChange)="period.set($event.value)" data-testid="bulletin-period">
            @for (month of months; track month) {
              <mat-option [value]="month" [disabled]="taken().has(month)">{{ month | period: lang() }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <button mat-flat-button type="button" (click)="draft()" [disabled]="busy() || taken().has(period())">
          <mat-icon>post_add</mat-icon>
          {{ 'bulletins.draft' | transloco }}
        </button>
      </div>
    }
    @if (loading()) {
      <mat-progress-bar mode="indeterminate" [attr.aria-label]="'common.loading' | transloco" />
    }
    @if (failure(); as failure) {
      <p class="failure" role="alert">{{ failure | errorMessage }}</p>
    }
    @if (!loading() && items().length === 0) {
      <p class="none">{{ 'bulletins.none' | transloco }}</p>
    }
    <ul class="list">
      @for (bulletin of items(); track bulletin.id) {
        <li data-testid="bulletin-item">
          <a [routerLink]="['/bulletins', bulletin.id]" class="title">{{ bulletin.title }}</a>
          <span class="status" [class]="bulletin.status">{{ 'bulletins.status.' + bulletin.status | transloco }}</span>
          <span class="number">{{ bulletin.number ?? '' }}</span>
          <span class="meta">
            {{ 'bulletins.totals' | transloco: bulletin.totals }}
            @if (bulletin.publishedAt) {
              · {{ 'bulletins.publishedAt' | transloco: { when: (bulletin.publishedAt | dateTime) } }}
            }
          </span>
        </li>
      }
    </ul>
  `,
  styles: `
    .intro,
    .none,
    .meta {
      color: var(--mat-sys-on-surface-variant);
    }
    .new {
      display: flex;
      gap: 12px;
      align-items: baseline;
      flex-wrap: wrap;
    }
    .failure {
      color: var(--mat-sys-error);
    }
    .list {
      list-style: none;
      padding: 0;
      li {
        display: flex;
        flex-wrap: wrap;
        gap: 12px;
        align-items: baseline;
        padding: 12px 0;
        border-bottom: 1px solid var(--mat-sys-outline-variant);
      }
    }
    .title {
      font: var(--mat-sys-title-medium);
    }
    .status {
      padding: 2px 8px;
      border-radius: 8px;
      font: var(--mat-sys-label-medium);
      background: var(--mat-sys-surface-container-high);
      &.published {
        background: #dcf5e3;
        color: #135c2c;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BulletinsPage {
  private readonly api = inject(BulletinsService);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);
  private readonly calendar = inject(BusinessCalendar);
  private readonly keys = new IdempotencyKeys();

  protected readonly lang = inject(LanguageService).current;
  protected readonly months = ledgerMonths(this.calendar.today(), 24);
  protected readonly period = signal(defaultLedgerMonth(this.calendar.now(), this.calendar.settings()));
  protected readonly items = signal<BulletinListItemView[]>([]);
  protected readonly taken = computed(() => new Set(this.items().map((b) => b.period)));
  protected readonly loading = signal(true);
  protected readonly busy = signal(false);
  protected readonly failure = signal<ErrorMessage | null>(null);
  protected readonly canManage = computed(() => {
    const me = this.auth.me();
    return !!me && hasPermission(me.role, 'bulletins:manage');
  });

  constructor() {
    this.load();
  }

  private load(): void {
    this.loading.set(true);
    this.api.list().subscribe({
      next: (page) => {
        this.items.set(page.items);
        this.loading.set(false);
        this.failure.set(null);
      },
      error: (error: unknown) => {
        this.loading.set(false);
        this.failure.set(errorMessage(error));
      },
    });
  }

  protected draft(): void {
    const period = this.period();
    this.busy.set(true);
    this.api.create(period, this.keys.keyFor({ period })).subscribe({
      next: (bulletin) => {
        this.busy.set(false);
        this.keys.reset();
        this.notifier.success('bulletins.drafted');
        void this.router.navigate(['/bulletins', bulletin.id]);
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.notifier.error(error);
      },
    });
  }
}
