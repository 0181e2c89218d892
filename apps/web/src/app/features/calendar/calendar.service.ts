import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { CalendarDayView, SetCalendarDayInput } from '@zibo/domain';
import type { Observable } from 'rxjs';

const HOLIDAYS = '/api/calendar/holidays';

/** The working-day calendar the system administrator keeps: holidays and make-up working days (调休). */
@Injectable({ providedIn: 'root' })
export class CalendarService {
  private readonly http = inject(HttpClient);

  list(year: number): Observable<CalendarDayView[]> {
    return this.http.get<CalendarDayView[]>(HOLIDAYS, { params: new HttpParams().set('year', String(year)) });
  }

  set(date: string, input: SetCalendarDayInput): Observable<CalendarDayView> {
    return this.http.put<CalendarDayView>(`${HOLIDAYS}/${date}`, input);
  }

  remove(date: string): Observable<void> {
    return this.http.delete<void>(`${HOLIDAYS}/${date}`);
  }
}
