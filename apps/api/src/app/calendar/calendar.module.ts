import { Module } from '@nestjs/common';
import { CalendarController } from './calendar.controller';
import { CalendarService } from './calendar.service';
import { AuditModule } from '../audit';

/** Working-day deadlines (receipt, urges, the inbox, a task's due dates) read the calendar in their transaction. */
@Module({
  imports: [AuditModule],
  controllers: [CalendarController],
  providers: [CalendarService],
  exports: [CalendarService],
})
export class CalendarModule {}
