import { Pipe, type PipeTransform, inject } from '@angular/core';
import type { Language } from '@zibo/domain';
import { BusinessCalendar } from '../reference/business-calendar';
import { deadlineLabel, fileSize, formatDateTime, periodLabel } from './display-format';

@Pipe({ name: 'dateTime' })
export class DateTimePipe implements PipeTransform {
  transform(iso: string | null | undefined): string {
    return formatDateTime(iso);
  }
}

/** `period | period: language()` — pass the language so the text follows a switch. */
@Pipe({ name: 'period' })
export class PeriodPipe implements PipeTransform {
  transform(period: string | null | undefined, language: Language): string {
    return period ? periodLabel(period, language) : '—';
  }
}

@Pipe({ name: 'fileSize' })
export class FileSizePipe implements PipeTransform {
  transform(bytes: number): string {
    return fileSize(bytes);
  }
}

/** `deadline | deadline: language()` — a reporting deadline worded as its last day ("12月5日 24:00前"). */
@Pipe({ name: 'deadline' })
export class DeadlinePipe implements PipeTransform {
  private readonly calendar = inject(BusinessCalendar);

  transform(iso: string | null | undefined, language: Language): string {
    return deadlineLabel(iso, language, this.calendar.settings().timeZone);
  }
}
