import { Global, Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { AuditWriter } from './audit-writer.service';
import { CheckpointScheduler } from './checkpoint.scheduler';

/** Global: every feature writes its audit events through the one writer. */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditWriter, AuditService, CheckpointScheduler],
  exports: [AuditWriter, AuditService],
})
export class AuditModule {}
