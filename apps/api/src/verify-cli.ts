import { readFileSync, statSync } from 'node:fs';
import { describeVerification, verifyAuditExport } from './app/exports/audit-export-verifier';

const USAGE = 'usage: npm run audit:verify -- <export.csv|export.xlsx> [--public-key key.pem]';

/**
 * Offline verifier of an audit export (CSV or XLSX): needs only the file, and the public key
 * (GET /api/audit/public-key) to check the checkpoint's signature. No database, no network.
 * Prints one line, `OK: …` (exit 0) or `BROKEN at seq <n>: <reason>` (exit 1); 2 for usage errors.
 */
async function main(args: string[]): Promise<number> {
  let file: string | undefined;
  let keyFile: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--public-key') keyFile = args[++i];
    else if (arg?.startsWith('--public-key=')) keyFile = arg.slice('--public-key='.length);
    else if (arg && !arg.startsWith('--') && !file) file = arg;
    else {
      process.stderr.write(`${USAGE}\n`);
      return 2;
    }
  }
  if (!file || (args.includes('--public-key') && !keyFile)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let publicKeyPem: string | undefined;
  try {
    publicKeyPem = keyFile ? readFileSync(keyFile, 'utf8') : undefined;
    if (!statSync(file).isFile()) throw new Error(`${file} is not a file`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const started = Date.now();
  const result = await verifyAuditExport(file, { publicKeyPem });
  process.stdout.write(`${describeVerification(result)}\n`);
  process.stderr.write(`(${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  return result.ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
