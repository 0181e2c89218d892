import { Module } from '@nestjs/common';
import { TaskImportController } from './task-import.controller';
import { TaskImportService } from './task-import.service';
import { TasksModule } from '../tasks';

@Module({ imports: [TasksModule], controllers: [TaskImportController], providers: [TaskImportService] })
export class TaskImportModule {}
