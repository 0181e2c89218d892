import { Module } from '@nestjs/common';
import { AuditExportController } from './audit-export.controller';
import { AuditExportService } from './audit-export.service';
import { AuditModule } from '../audit';

/** Streamed, verifiable exports of the audit log (CSV, XLSX, PDF). */
@Module({ imports: [AuditModule], controllers: [AuditExportController], providers: [AuditExportService] })
export class ExportsModule {}
