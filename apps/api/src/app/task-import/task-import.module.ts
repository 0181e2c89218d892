import { Module } from '@nestjs/common';
import { TaskImportController } from './task-import.controller';
import { TaskImportService } from './task-import.service';

@Module({ controllers: [TaskImportController], providers: [TaskImportService] })
export class TaskImportModule {}
