import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import type { Subscription } from 'rxjs';
import { DownloadTracker } from '../../core/api/download';
import { AuthService } from '../../core/auth/auth.service';
import { type ErrorMessage, errorMessage } from '../../core/feedback/error-message';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { DateTimePipe } from '../../core/i18n/display-format.pipes';
import { BusinessCalendar } from '../../core/reference/business-calendar';
import { ReferenceData } from '../../core/reference/reference-data.service';
import { DownloadProgress } from '../../shared/download-progress';
import { bindFiltersToUrl } from '../../shared/url-filters';
import { historyActionLabel } from '../tasks';
import { auditDiff, auditTaskId } from './audit-diff';
import {
  type AuditFilters,
  auditApiParams,
  auditFiltersFromParams,
  auditFiltersToParams,
  hasAuditFilters,
  NO_AUDIT_FILTERS,
} from './audit-filters';
import { AuditTabs } from './audit-tabs';
import { AuditService } from './audit.service';
import { AUDIT_ENTITY_TYPES, AUDIT_EXPORT_FORMATS, type AuditEventView, type AuditExportFormat } from './audit.types';
import { BusinessDatepicker } from '../../core/i18n/business-calendar-header';
import { BUSINESS_DATES } from '../../core/i18n/business-date-adapter';

/** 审计日志: the audit events, newest first, filtered; each with its change and its place in the chain. */
@Component({
  selector: 'app-audit-log-page',
  providers: [BUSINESS_DATES],
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatDatepickerModule,
    BusinessDatepicker,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    TranslocoPipe,
    ErrorMessagePipe,
    DateTimePipe,
    AuditTabs,
    DownloadProgress,
  ],
  templateUrl: './audit-log-page.html',
  styleUrl: './audit-log-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AuditLogPage {
  private readonly api = inject(AuditService);
  private readonly calendar = inject(BusinessCalendar);
  private readonly transloco = inject(TranslocoService);
  private readonly auth = inject(AuthService);
  private request: Subscription | null = null;
  private readonly applyFilters: (filters: AuditFilters) => void;

  protected readonly reference = inject(ReferenceData);
  protected readonly entityTypes = AUDIT_ENTITY_TYPES;
  protected readonly formats = AUDIT_EXPORT_FORMATS;
  protected readonly canExport = computed(() => this.auth.can('audit:export'));
  protected readonly form = inject(NonNullableFormBuilder).group({ ...NO_AUDIT_FILTERS });
  protected readonly filters = signal<AuditFilters>(NO_AUDIT_FILTERS);
  protected readonly filtered = computed(() => hasAuditFilters(this.filters()));
  protected readonly events = signal<AuditEventView[]>([]);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly loading = signal(true);
  protected readonly failure = signal<ErrorMessage | null>(null);
  /** The name of the actor filtered by, when an event of the list shows it. */
  protected readonly actorName = computed(() => {
    const actor = this.filters().actor;
    return actor ? (this.events().find((e) => e.actorId === actor)?.actorName ?? actor) : '';
  });
  protected readonly departmentOptions = computed(() =>
    this.reference
      .departments()
      .map((d) => ({ id: d.id, label: this.reference.departmentNames().get(d.id) ?? d.name })),
  );
  protected readonly download = new DownloadTracker();
  protected readonly label = historyActionLabel;
  protected readonly diff = (event: AuditEventView) => auditDiff(event.before, event.after);
  protected readonly taskOf = auditTaskId;

  constructor() {
    this.reference.load().subscribe({ error: () => undefined });
    // The address bar holds the filters: a reload or a shared link shows the same events.
    this.applyFilters = bindFiltersToUrl(
      this.form,
      this.filters,
      { fromParams: auditFiltersFromParams, toParams: auditFiltersToParams },
      { debounceMs: 400, changed: () => this.load() },
    );
  }

  protected load(more = false): void {
    this.request?.unsubscribe();
    this.loading.set(true);
    this.failure.set(null);
    const params = auditApiParams(this.filters(), this.calendar.settings().timeZone);
    this.request = this.api.events(params, more ? this.nextCursor() : null).subscribe({
      next: (page) => {
        this.events.update((current) => (more ? [...current, ...page.items] : page.items));
        this.nextCursor.set(page.nextCursor);
        this.loading.set(false);
      },
      error: (error: unknown) => {
        this.failure.set(errorMessage(error));
        this.loading.set(false);
      },
    });
  }

  protected filterBy(change: Partial<AuditFilters>): void {
    this.applyFilters({ ...this.filters(), ...change });
  }

  protected clearFilters(): void {
    this.applyFilters(NO_AUDIT_FILTERS);
  }

  protected exportAs(format: AuditExportFormat): void {
    const params = auditApiParams(this.filters(), this.calendar.settings().timeZone);
    this.download.start(format.toUpperCase(), this.api.export(params, format));
  }

  protected entityTypeLabel(type: string): string {
    const key = `audit.entityTypes.${type}`;
    const text = this.transloco.translate(key);
    return text === key ? type : text;
  }
}
