import { types } from 'pg';

// Calendar dates stay 'YYYY-MM-DD' strings (a JS Date would shift them by the server's zone),
// and bigint counts/sequence numbers become numbers (all ours stay far below 2^53).
// Imported for its effect by the data source options, which every database user loads.
types.setTypeParser(types.builtins.DATE, (value) => value);
types.setTypeParser(types.builtins.INT8, (value) => Number(value));
// numeric (indicator baselines, targets, actuals) as JS numbers: validated to ≤ 1e9 with ≤ 4 decimals.
types.setTypeParser(types.builtins.NUMERIC, (value) => Number(value));
