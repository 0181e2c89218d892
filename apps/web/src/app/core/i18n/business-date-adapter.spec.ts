import { Component } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { DateAdapter } from '@angular/material/core';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MatInputModule } from '@angular/material/input';
import { TranslocoService, TranslocoTestingModule } from '@jsverse/transloco';
import { BusinessCalendar } from '../reference/business-calendar';
import { BUSINESS_DATES, formatCalendarDate, parseCalendarDate } from './business-date-adapter';

// A browser far from the office: local midnight in New York is 13:00 in Zibo, the day an off-by-one
// would show up. Node applies a TZ set at run time to every Date after it.
const previousZone = process.env['TZ'];
beforeAll(() => (process.env['TZ'] = 'America/New_York'));
afterAll(() => (process.env['TZ'] = previousZone));

@Component({
  imports: [ReactiveFormsModule, MatDatepickerModule, MatInputModule],
  providers: [BUSINESS_DATES],
  template: `
    <mat-form-field>
      <input matInput [matDatepicker]="picker" [formControl]="date" data-testid="date" />
      <mat-datepicker #picker appCalendarHeader />
    </mat-form-field>
  `,
})
class DateFieldHost {
  readonly date = new FormControl<string | null>(null);
}

describe('date fields', () => {
  let fixture: ComponentFixture<DateFieldHost>;
  let transloco: TranslocoService;
  const input = () => fixture.nativeElement.querySelector('[data-testid="date"]') as HTMLInputElement;
  const type = (text: string) => {
    input().value = text;
    input().dispatchEvent(new Event('input'));
    input().dispatchEvent(new Event('blur'));
    fixture.detectChanges();
  };

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [
        TranslocoTestingModule.forRoot({
          langs: { 'zh-CN': {}, en: {} },
          translocoConfig: { availableLangs: ['zh-CN', 'en'], defaultLang: 'zh-CN' },
        }),
      ],
      providers: [{ provide: BusinessCalendar, useValue: { today: () => '2026-12-05' } }],
    });
    transloco = TestBed.inject(TranslocoService);
    fixture = TestBed.createComponent(DateFieldHost);
    fixture.detectChanges();
  });

  it('shows a saved date as 2026-12-05 in Chinese and as 5 Dec 2026 after switching to English', () => {
    fixture.componentInstance.date.setValue('2026-12-05');
    fixture.detectChanges();
    expect(input().value).toBe('2026-12-05');

    transloco.setActiveLang('en');
    fixture.detectChanges();
    expect(input().value).toBe('5 Dec 2026');

    transloco.setActiveLang('zh-CN');
    fixture.detectChanges();
    expect(input().value).toBe('2026-12-05');
  });

  it('reads a date typed the Chinese way into the same calendar day, whatever the device time zone', () => {
    type('2026/12/5');
    expect(fixture.componentInstance.date.value).toBe('2026-12-05');
    expect(input().value).toBe('2026-12-05');
    type('2026年1月31日');
    expect(fixture.componentInstance.date.value).toBe('2026-01-31');
  });

  it('reads English dates, the American month-first one included', () => {
    transloco.setActiveLang('en');
    type('5 Dec 2026');
    expect(fixture.componentInstance.date.value).toBe('2026-12-05');
    type('12/6/2026');
    expect(fixture.componentInstance.date.value).toBe('2026-12-06');
    expect(input().value).toBe('6 Dec 2026');
  });

  it('takes a form value of "" (no date yet) as an empty, valid field', () => {
    fixture.componentInstance.date.setValue('');
    fixture.detectChanges();
    expect(input().value).toBe('');
    expect(fixture.componentInstance.date.errors).toBeNull();
  });

  it('marks text that is not a day as a parse error, and an empty field as no date', () => {
    type('2026-02-30');
    expect(fixture.componentInstance.date.hasError('matDatepickerParse')).toBe(true);
    type('');
    expect(fixture.componentInstance.date.value).toBeNull();
    expect(fixture.componentInstance.date.valid).toBe(true);
  });

  it('gives the calendar names in the active language, weeks from Monday, today from the business calendar', () => {
    const adapter = fixture.debugElement.injector.get(DateAdapter) as DateAdapter<string>;
    expect(adapter.getMonthNames('long')[11]).toBe('十二月');
    expect(adapter.getFirstDayOfWeek()).toBe(1);
    expect(adapter.today()).toBe('2026-12-05');
    expect(adapter.format('2026-12-05', 'monthYear')).toBe('2026年12月');
    expect(adapter.addCalendarMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(adapter.addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(adapter.getDayOfWeek('2026-12-05')).toBe(6);
    transloco.setActiveLang('en');
    expect(adapter.getMonthNames('short')[11]).toBe('Dec');
  });
});

describe('calendar date text', () => {
  it('parses only real days', () => {
    expect(parseCalendarDate('2024-02-29', 'zh-CN')).toBe('2024-02-29');
    expect(parseCalendarDate('2025-02-29', 'zh-CN')).toBe('invalid-date');
    expect(parseCalendarDate('12/6/2026', 'zh-CN')).toBe('invalid-date');
    expect(parseCalendarDate('Dec 6, 2026', 'en')).toBe('2026-12-06');
  });

  it('formats by language', () => {
    expect(formatCalendarDate('2026-03-01', 'zh-CN')).toBe('2026-03-01');
    expect(formatCalendarDate('2026-03-01', 'en')).toBe('1 Mar 2026');
  });
});
