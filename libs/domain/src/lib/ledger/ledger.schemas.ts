import * as z from 'zod';
import { pageQueryShape } from '../common/paging.schemas';
import { uuidSchema } from '../validation/common.schemas';
import { withYearInRange } from '../validation/date-range';
import type { Compliance } from '../time/periods';

/** A monthly period `YYYY-MM`: the ledger and the ranking cover what closes at that month's deadline. */
export const ledgerMonthSchema = withYearInRange(
  z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'Must be a month YYYY-MM', abort: true }),
);

export const LEDGER_FORMATS = ['json', 'csv', 'xlsx', 'pdf'] as const;
export type LedgerFormat = (typeof LEDGER_FORMATS)[number];

/** The compliance states the dashboard counts for a closed period. */
export const LEDGER_COMPLIANCE_FILTERS = ['on_time', 'late', 'missing'] as const satisfies readonly Compliance[];
export type LedgerComplianceFilter = (typeof LEDGER_COMPLIANCE_FILTERS)[number];

export const ledgerQuerySchema = z.strictObject({
  period: ledgerMonthSchema,
  /** Tasks the department leads or co-owns. */
  department: uuidSchema.optional(),
  /** Tasks the department leads (the dashboard's per-department counts). */
  leadDepartment: uuidSchema.optional(),
  /**
   * Only the tasks whose report of the period counts with this compliance in the dashboard
   * (countsInCompliance: open now, owing the period).
   */
  compliance: z.enum(LEDGER_COMPLIANCE_FILTERS).optional(),
  format: z.enum(LEDGER_FORMATS).default('json'),
});
export type LedgerQuery = z.output<typeof ledgerQuerySchema>;

export const rankingQuerySchema = z.strictObject({
  period: ledgerMonthSchema,
  /** A file of the ranking instead of the JSON. */
  format: z.enum(['csv', 'xlsx']).optional(),
});
export type RankingQuery = z.output<typeof rankingQuerySchema>;

export const snapshotsQuerySchema = z.strictObject({ ...pageQueryShape });
