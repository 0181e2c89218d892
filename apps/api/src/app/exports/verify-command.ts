import { readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { describeVerification, verifyAuditExport } from './audit-export-verifier';
import { type PinnedCheckpoint, parsePinnedCheckpoint } from './pinned-checkpoint';

export const VERIFY_USAGE =
  'usage: npm run audit:verify -- <export.csv|export.xlsx> [--public-key key.pem]… [--since checkpoint.json] [--workers n]';

export interface VerifyCommandOutput {
  out(line: string): void;
  err(line: string): void;
}

interface VerifyArguments {
  file: string;
  keyFiles: string[];
  sinceFile: string | undefined;
  workers: number | undefined;
}

function parseArguments(args: readonly string[]): VerifyArguments | null {
  let file: string | undefined;
  let sinceFile: string | undefined;
  let workers: number | undefined;
  const keyFiles: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    if (flag === '--public-key' || flag === '--since' || flag === '--workers') {
      const value = inline ?? args[++i];
      if (!value) return null;
      if (flag === '--workers') {
        if (workers !== undefined || !/^\d{1,2}$/.test(value)) return null;
        workers = Number(value);
      } else if (flag === '--public-key') keyFiles.push(value);
      else if (sinceFile) return null;
      else sinceFile = value;
    } else if (!arg.startsWith('--') && !file) {
      file = arg;
    } else {
      return null;
    }
  }
  return file ? { file, keyFiles, sinceFile, workers } : null;
}

/**
 * The offline verifier's command line: needs only the export file, and optionally the public
 * keys the auditor pinned (`--public-key`, once per key: a checkpoint's keyId picks one) and a
 * checkpoint saved earlier (`--since`: the export must extend it). No database, no network.
 * Prints one line, `OK: …` (0) or `BROKEN at seq <n>[, column <c>]: <reason>` (1); 2 for usage errors.
 * Rows are read and checked in worker threads running `workerScript` (one per core, at most 4, or
 * `--workers n`; 0 keeps all in this thread); the chain is walked in order here.
 */
export async function runVerifyCommand(
  args: readonly string[],
  output: VerifyCommandOutput,
  workerScript?: string,
): Promise<number> {
  const parsed = parseArguments(args);
  if (!parsed) {
    output.err(VERIFY_USAGE);
    return 2;
  }
  let publicKeyPems: string[];
  let since: PinnedCheckpoint | undefined;
  try {
    publicKeyPems = parsed.keyFiles.map((keyFile) => readFileSync(keyFile, 'utf8'));
    since = parsed.sinceFile ? parsePinnedCheckpoint(readFileSync(parsed.sinceFile, 'utf8')) : undefined;
    if (!statSync(parsed.file).isFile()) throw new Error(`${parsed.file} is not a file`);
  } catch (error) {
    output.err(error instanceof Error ? error.message : String(error));
    return 2;
  }
  const started = Date.now();
  const count = parsed.workers ?? Math.min(4, availableParallelism());
  const workers = workerScript && count > 0 ? { script: workerScript, count } : undefined;
  const result = await verifyAuditExport(parsed.file, { publicKeyPems, since, workers });
  output.out(describeVerification(result));
  output.err(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return result.ok ? 0 : 1;
}
