export { SnapshotService } from './snapshot.service';
export { SnapshotsModule } from './snapshots.module';
export { TaskHistoryLoader } from './task-history.loader';
