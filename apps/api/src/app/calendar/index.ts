export { CalendarModule } from './calendar.module';
export { CalendarService } from './calendar.service';
