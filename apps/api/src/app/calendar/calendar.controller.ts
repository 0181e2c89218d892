import { Controller, Delete, Get, HttpCode, Param, Put, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  type CalendarDayView,
  calendarDateParam,
  calendarDateSchema,
  listCalendarDaysQuery,
  setCalendarDaySchema,
} from '@zibo/domain';
import { Access, CurrentUser } from '../../core/access/access.decorator';
import type { AuthUser } from '../../core/access/auth-user';
import { Command } from '../../core/http/command';
import { ApiBodySchema, ApiQuerySchema, openApiSchemaOf } from '../../core/http/openapi';
import { parseOrThrow } from '../../core/http/parse';
import { CalendarService } from './calendar.service';

const DATE_PARAM = {
  name: 'date',
  description: 'A calendar date YYYY-MM-DD',
  schema: openApiSchemaOf(calendarDateSchema),
};

@ApiTags('calendar')
@Controller('calendar/holidays')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get()
  @Access({ permission: 'reference:read' })
  @ApiOperation({
    summary: 'The working-day calendar: holidays and make-up working days (调休), by date (a plain array)',
    description: 'Every other date is a working day from Monday to Friday. `year` narrows the list to one year.',
  })
  @ApiQuerySchema(listCalendarDaysQuery)
  list(@Query() query: unknown): Promise<CalendarDayView[]> {
    return this.calendar.list(parseOrThrow(listCalendarDaysQuery, query).year);
  }

  @Put(':date')
  @Access({ permission: 'calendar:manage' })
  @ApiParam(DATE_PARAM)
  @ApiOperation({
    summary: 'Mark a date a holiday or a make-up working day (system administrator); 201 when new, else 200',
  })
  @ApiBodySchema(setCalendarDaySchema)
  async set(
    @CurrentUser() user: AuthUser,
    @Param('date') date: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CalendarDayView> {
    const day = parseOrThrow(calendarDateParam, { date }).date;
    const { view, created } = await this.calendar.set(day, Command.from(user, request));
    response.status(created ? 201 : 200);
    if (created) response.location(`/api/calendar/holidays/${day}`);
    return view;
  }

  @Delete(':date')
  @HttpCode(204)
  @Access({ permission: 'calendar:manage' })
  @ApiParam(DATE_PARAM)
  @ApiOperation({ summary: 'Make a date an ordinary day again (system administrator)' })
  async remove(@CurrentUser() user: AuthUser, @Param('date') date: string, @Req() request: Request): Promise<void> {
    await this.calendar.remove(parseOrThrow(calendarDateParam, { date }).date, Command.from(user, request));
  }
}
