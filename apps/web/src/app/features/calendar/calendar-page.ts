import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import { TranslocoPipe } from '@jsverse/transloco';
import { type CalendarDayView, TEXT_LIMITS, calendarDateSchema, parseInput, setCalendarDaySchema } from '@zibo/domain';
import { isApiError } from '../../core/api/api-error';
import { type ErrorMessage, errorMessage } from '../../core/feedback/error-message';
import { Notifier } from '../../core/feedback/notifier.service';
import { FieldErrorPipe } from '../../core/forms/field-error.pipe';
import { applyFieldErrors } from '../../core/forms/field-errors';
import { AdminListState } from '../../shared/admin-list-state';
import { EMPTY_CALENDAR_DAY, calendarDayBody, weekdayOf, withDay, yearOf } from './calendar-days';
import { CalendarService } from './calendar.service';
import { BusinessDatepicker } from '../../core/i18n/business-calendar-header';
import { BUSINESS_DATES } from '../../core/i18n/business-date-adapter';

/**
 * The working-day calendar (工作日历): the holidays and make-up working days (调休) of one year, which
 * the receipt and urge deadlines count working days by. Kept by the system administrator.
 */
@Component({
  selector: 'app-calendar-page',
  providers: [BUSINESS_DATES],
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatDatepickerModule,
    BusinessDatepicker,
    MatInputModule,
    MatSelectModule,
    MatTableModule,
    MatTooltipModule,
    TranslocoPipe,
    AdminListState,
    FieldErrorPipe,
  ],
  templateUrl: './calendar-page.html',
  styleUrl: './calendar-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CalendarPage {
  private readonly api = inject(CalendarService);
  private readonly notifier = inject(Notifier);

  protected readonly columns = ['date', 'weekday', 'kind', 'name', 'actions'];
  protected readonly limits = TEXT_LIMITS;
  protected readonly year = signal(new Date().getFullYear());
  protected readonly days = signal<CalendarDayView[]>([]);
  protected readonly loading = signal(true);
  protected readonly saving = signal(false);
  protected readonly failure = signal<ErrorMessage | null>(null);
  protected readonly weekdayOf = weekdayOf;

  protected readonly form = inject(NonNullableFormBuilder).group({ ...EMPTY_CALENDAR_DAY });

  constructor() {
    this.load();
  }

  protected showYear(step: number): void {
    this.year.update((year) => year + step);
    this.load();
  }

  protected load(): void {
    this.loading.set(true);
    this.failure.set(null);
    this.api.list(this.year()).subscribe({
      next: (days) => {
        this.days.set(days);
        this.loading.set(false);
      },
      error: (error: unknown) => {
        this.failure.set(errorMessage(error));
        this.loading.set(false);
      },
    });
  }

  protected add(): void {
    if (this.saving()) return;
    const values = this.form.getRawValue();
    const date = parseInput(calendarDateSchema, values.date);
    const body = parseInput(setCalendarDaySchema, calendarDayBody(values));
    if (!date.ok || !body.ok) {
      applyFieldErrors(this.form, [
        ...(date.ok ? [] : date.errors.map((e) => ({ ...e, field: 'date' }))),
        ...(body.ok ? [] : body.errors),
      ]);
      return;
    }
    this.saving.set(true);
    this.failure.set(null);
    this.api.set(date.value, body.value).subscribe({
      next: (day) => {
        this.saving.set(false);
        this.form.reset({ ...EMPTY_CALENDAR_DAY, kind: values.kind, name: values.name });
        // A day of another year: show that year.
        if (yearOf(day.date) === this.year()) this.days.update((days) => withDay(days, day));
        else {
          this.year.set(yearOf(day.date) ?? this.year());
          this.load();
        }
        this.notifier.success('calendar.saved', { date: day.date });
      },
      error: (error: unknown) => {
        this.saving.set(false);
        const fieldErrors = isApiError(error, 422) || isApiError(error, 400) ? error.fieldErrors : null;
        if (!fieldErrors || applyFieldErrors(this.form, fieldErrors).length > 0) this.failure.set(errorMessage(error));
      },
    });
  }

  protected remove(day: CalendarDayView): void {
    this.api.remove(day.date).subscribe({
      next: () => {
        this.days.update((days) => days.filter((d) => d.date !== day.date));
        this.notifier.success('calendar.removed', { date: day.date });
      },
      error: (error: unknown) => this.failure.set(errorMessage(error)),
    });
  }
}
