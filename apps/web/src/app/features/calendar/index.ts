// The calendar feature's public face. Its page is a lazy route entry (calendar.routes.ts, loaded by path).
export { CalendarService } from './calendar.service';
