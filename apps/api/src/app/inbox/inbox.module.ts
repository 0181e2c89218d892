import { Module } from '@nestjs/common';
import { InboxController } from './inbox.controller';
import { InboxService } from './inbox.service';
import { ReviewQueueService } from './review-queue.service';
import { CalendarModule } from '../calendar';

/** Daily work: the to-do inbox of every role and the committee's review queue. */
@Module({ imports: [CalendarModule], controllers: [InboxController], providers: [InboxService, ReviewQueueService] })
export class InboxModule {}
