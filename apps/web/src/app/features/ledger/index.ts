// The ledger feature's public face: the ledger months the bulletins page offers. Its pages are lazy route
// entries that app.routes.ts loads by path.
export { defaultLedgerMonth, ledgerMonths } from './ledger-months';
export { LedgerService } from './ledger.service';
