import { Module } from '@nestjs/common';

/** Status snapshots taken when a period closes; dashboards as of a past date. */
@Module({})
export class SnapshotsModule {}
