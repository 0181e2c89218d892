import { Module } from '@nestjs/common';
import { LedgerController } from './ledger.controller';
import { LedgerService } from './ledger.service';
import { AuditModule } from '../audit';
import { SnapshotsModule } from '../snapshots';

/** Accountability ledger (督办台账) and department ranking (考核排名). */
@Module({
  imports: [AuditModule, SnapshotsModule],
  controllers: [LedgerController],
  providers: [LedgerService],
  exports: [LedgerService],
})
export class LedgerModule {}
