import { Module } from '@nestjs/common';

/** Accountability ledger (督办台账) and department ranking (考核排名). */
@Module({})
export class LedgerModule {}
