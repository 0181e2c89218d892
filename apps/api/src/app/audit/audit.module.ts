import { Module, type OnModuleInit } from '@nestjs/common';
import { AccessDenials } from '../../core/access/access-denials';
import { AccessDenialRecorder } from './access-denial-recorder';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { AuditWriter } from './audit-writer.service';
import { CheckpointScheduler } from './checkpoint.scheduler';

/** Every feature writes its audit events through the one writer (each imports this module). */
@Module({
  controllers: [AuditController],
  providers: [AuditWriter, AuditService, CheckpointScheduler, AccessDenialRecorder],
  exports: [AuditWriter, AuditService],
})
export class AuditModule implements OnModuleInit {
  constructor(
    private readonly denials: AccessDenials,
    private readonly recorder: AccessDenialRecorder,
  ) {}

  onModuleInit(): void {
    // Refusals the problem filter sees are security events of the audit log.
    this.denials.register((denial) => this.recorder.record(denial));
  }
}
