import { ChangeDetectionStrategy, Component, computed, inject, input, signal, type Signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import {
  type AbstractControl,
  ControlContainer,
  type FormArray,
  type FormControl,
  type FormGroup,
  FormGroupDirective,
  ReactiveFormsModule,
} from '@angular/forms';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSliderModule } from '@angular/material/slider';
import { TranslocoPipe } from '@jsverse/transloco';
import { INDICATOR_UNITS, type IndicatorView, TEXT_LIMITS } from '@zibo/domain';
import { FieldErrorPipe } from '../../core/forms/field-error.pipe';
import { PeriodPipe } from '../../core/i18n/display-format.pipes';
import { LanguageService } from '../../core/i18n/language.service';

/** One actual row of the content form: the indicator and the value this period (null: not reported). */
export type ActualGroup = FormGroup<{ indicatorId: FormControl<string>; value: FormControl<number | null> }>;

/**
 * The percent a content form holds now, as a signal. The form is filled without emitting (load,
 * rebase after a 412, restored typing), so every fill calls `sync()`: a stale copy once drew a
 * false "reason for the fall". Call it in an injection context.
 */
export function trackPercent(control: FormControl<number | null>): { value: Signal<number | null>; sync(): void } {
  const value = signal<number | null>(control.value);
  control.valueChanges.pipe(takeUntilDestroyed()).subscribe((next) => value.set(next));
  return { value: value.asReadonly(), sync: () => value.set(control.value) };
}

/**
 * What a department reports for a period, as a form: period, the one percent control (slider and
 * number box are one value), summary, problems, next steps and an actual per indicator; a report
 * adds the reason for a fall and the final mark. Used inside the page's `<form [formGroup]>` for
 * reports and contributions alike.
 */
@Component({
  selector: 'app-report-content-form',
  imports: [
    ReactiveFormsModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatSliderModule,
    TranslocoPipe,
    FieldErrorPipe,
    PeriodPipe,
  ],
  viewProviders: [{ provide: ControlContainer, useExisting: FormGroupDirective }],
  templateUrl: './report-content-form.html',
  styleUrl: './report-content-form.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReportContentForm {
  /** The page's form: the controls named below, `final` and `percentDecreaseReason` for a report. */
  readonly form = input.required<FormGroup>();
  /** The periods to choose from; null when the period is fixed (not shown). */
  readonly periods = input<readonly string[] | null>(null);
  readonly indicators = input.required<readonly IndicatorView[]>();
  /** The percent the form holds now (see `trackPercent`). */
  readonly percent = input.required<number | null>();
  /** The percent that counts now, null before any (reports only: shown, and a fall needs a reason). */
  readonly previous = input<number | null>(null);
  readonly falls = input(false);
  /** Reports only: the final mark. */
  readonly showFinal = input(false);

  protected readonly lang = inject(LanguageService).current;
  protected readonly limits = TEXT_LIMITS;
  protected readonly indicatorRows = computed(() =>
    this.indicators().map((indicator) => ({
      ...indicator,
      unitName: this.lang() === 'en' ? INDICATOR_UNITS[indicator.unit].en : indicator.unit,
    })),
  );

  protected control(name: string): AbstractControl {
    const control = this.form().get(name);
    if (!control) throw new Error(`The content form has no ${name}`);
    return control;
  }

  protected actualRows(): ActualGroup[] {
    return (this.control('indicatorActuals') as FormArray<ActualGroup>).controls;
  }

  /** The slider moved (keys, drag or click): the one percent control takes the value, the box follows. */
  protected setPercent(value: number): void {
    const control = this.control('percentComplete');
    if (control.value !== value) {
      control.setValue(value);
      control.markAsDirty();
    }
  }

  protected setPercentFrom(event: Event): void {
    const value = (event.target as HTMLInputElement | null)?.valueAsNumber;
    if (value !== undefined && !Number.isNaN(value)) {
      this.setPercent(value);
    }
  }
}
