import { Module } from '@nestjs/common';
import { AuditExportController } from './audit-export.controller';
import { AuditExportService } from './audit-export.service';

/** Streamed, verifiable exports of the audit log (CSV, XLSX, PDF). */
@Module({
  controllers: [AuditExportController],
  providers: [AuditExportService],
  exports: [AuditExportService],
})
export class ExportsModule {}
