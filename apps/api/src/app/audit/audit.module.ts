import { Global, Module } from '@nestjs/common';
import { AuditWriter } from './audit-writer.service';

/** Global: every feature writes its audit events through the one writer. */
@Global()
@Module({
  providers: [AuditWriter],
  exports: [AuditWriter],
})
export class AuditModule {}
