import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';
import { SnapshotsModule } from '../snapshots';
import { TasksModule } from '../tasks';

@Module({ imports: [SnapshotsModule, TasksModule], controllers: [DashboardController], providers: [DashboardService] })
export class DashboardModule {}
