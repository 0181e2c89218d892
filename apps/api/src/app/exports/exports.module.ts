import { Module } from '@nestjs/common';

/** Streamed, verifiable exports of the audit log (CSV, XLSX, PDF). */
@Module({})
export class ExportsModule {}
