import { isMainThread, parentPort } from 'node:worker_threads';
import { runVerifyCommand, serveVerifyBatches } from './app/exports';

// The offline verifier of audit exports (README "Verifying a file offline"); see runVerifyCommand.
// Run as a worker thread (this same file), it reads and checks batches of rows for the main thread.
if (!isMainThread && parentPort) {
  void serveVerifyBatches(parentPort);
} else {
  runVerifyCommand(
    process.argv.slice(2),
    {
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
    },
    process.argv[1],
  ).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
