import { Module } from '@nestjs/common';
import { HistoryController } from './history.controller';
import { HistoryQueries } from './history.service';

@Module({ controllers: [HistoryController], providers: [HistoryQueries] })
export class HistoryModule {}
