export { LedgerModule } from './ledger.module';
export { LedgerService } from './ledger.service';
