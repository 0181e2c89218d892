import { Module } from '@nestjs/common';
import { SnapshotService } from './snapshot.service';
import { SnapshotsController } from './snapshots.controller';
import { TaskHistoryLoader } from './task-history.loader';

/**
 * Status snapshots taken when a period closes. The scheduled run takes them on its timer, and the
 * ledger and the dashboard as of a past date take any due before they read.
 */
@Module({
  controllers: [SnapshotsController],
  providers: [SnapshotService, TaskHistoryLoader],
  exports: [SnapshotService],
})
export class SnapshotsModule {}
