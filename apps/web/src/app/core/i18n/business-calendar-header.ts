import { ChangeDetectionStrategy, Component, Directive, ViewEncapsulation, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCalendarHeader, MatDatepicker } from '@angular/material/datepicker';
import { MatTooltipModule } from '@angular/material/tooltip';
import { TranslocoPipe } from '@jsverse/transloco';

/**
 * Material's calendar header, with the period button named by what it shows ("2026年12月，选择年月")
 * rather than by its action alone: a speech-input user says what they see (WCAG 2.5.3, axe
 * `label-content-name-mismatch`). Same markup and classes as Material's, so it looks the same.
 */
@Component({
  selector: 'app-calendar-header',
  imports: [MatButtonModule, MatTooltipModule, TranslocoPipe],
  template: `
    <div class="mat-calendar-header">
      <div class="mat-calendar-controls">
        <span [id]="_periodButtonLabelId" class="cdk-visually-hidden" aria-live="polite">{{
          periodButtonDescription
        }}</span>
        <button
          matButton
          type="button"
          class="mat-calendar-period-button"
          (click)="currentPeriodClicked()"
          [attr.aria-label]="
            'datepicker.periodButton' | transloco: { period: periodButtonText, action: periodButtonLabel }
          "
          [attr.aria-describedby]="_periodButtonLabelId"
        >
          <span aria-hidden="true">{{ periodButtonText }}</span>
          <svg
            class="mat-calendar-arrow"
            [class.mat-calendar-invert]="calendar.currentView !== 'month'"
            viewBox="0 0 10 5"
            focusable="false"
            aria-hidden="true"
          >
            <polygon points="0,0 5,5 10,0" />
          </svg>
        </button>
        <div class="mat-calendar-spacer"></div>
        <button
          matIconButton
          type="button"
          class="mat-calendar-previous-button"
          [disabled]="!previousEnabled()"
          (click)="previousClicked()"
          [matTooltip]="prevButtonLabel"
          [attr.aria-label]="prevButtonLabel"
          disabledInteractive
        >
          <svg viewBox="0 0 24 24" focusable="false" aria-hidden="true">
            <path d="M15.41 7.41L14 6l-6 6 6 6 1.41-1.41L10.83 12z" />
          </svg>
        </button>
        <button
          matIconButton
          type="button"
          class="mat-calendar-next-button"
          [disabled]="!nextEnabled()"
          (click)="nextClicked()"
          [matTooltip]="nextButtonLabel"
          [attr.aria-label]="nextButtonLabel"
          disabledInteractive
        >
          <svg viewBox="0 0 24 24" focusable="false" aria-hidden="true">
            <path d="M10 6L8.59 7.41 13.17 12l-4.58 4.59L10 18l6-6z" />
          </svg>
        </button>
      </div>
    </div>
  `,
  encapsulation: ViewEncapsulation.None,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BusinessCalendarHeader<D> extends MatCalendarHeader<D> {}

/** `<mat-datepicker appCalendarHeader />`: the datepicker with the header above. */
@Directive({ selector: 'mat-datepicker[appCalendarHeader]' })
export class BusinessDatepicker {
  constructor() {
    inject(MatDatepicker).calendarHeaderComponent = BusinessCalendarHeader;
  }
}
