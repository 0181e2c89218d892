import { type MessagePort, Worker } from 'node:worker_threads';
import { type EventBatchJob, type EventBatchResult, runEventBatch } from './audit-export-batches';

/** Reads and checks batches of event rows: in worker threads, or in this thread. */
export interface BatchRunner {
  /** Batches worth keeping in flight (the results are taken in order). */
  readonly depth: number;
  /** Runs a job; its bytes may be handed over (the caller must not touch them after). */
  run(job: EventBatchJob): Promise<EventBatchResult>;
  close(): Promise<void>;
}

/** The same work in this thread (tests, one-core machines, files with shared strings). */
export const IN_PROCESS: BatchRunner = {
  depth: 1,
  run: (job) => Promise.resolve().then(() => runEventBatch(job)),
  close: () => Promise.resolve(),
};

interface Request {
  id: number;
  job: EventBatchJob;
}
interface Reply {
  id: number;
  result: EventBatchResult;
}

/**
 * Worker threads that read and check batches (decoding, parsing, JSON, RFC 8785 form, SHA-256,
 * readable cells): each row's checks need no other row, so they run side by side; the chain's
 * links are then walked in seq order in the main thread. `script` is a file whose code calls
 * serveVerifyBatches when it is not the main thread (the verifier's command line is).
 */
export class VerifyWorkerPool implements BatchRunner {
  readonly depth: number;
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { resolve: (r: EventBatchResult) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private failure: Error | null = null;

  constructor(script: string, count: number) {
    this.depth = count * 2;
    this.workers = Array.from({ length: count }, () => {
      // A young generation larger than V8's default: rows make short-lived strings by the million,
      // and scavenging them less often took a tenth to a fifth off the CPU (semi-space 16 → 64 MB).
      const worker = new Worker(script, {
        argv: [],
        resourceLimits: { maxYoungGenerationSizeMb: 192, maxOldGenerationSizeMb: 256 },
      });
      worker.on('message', (reply: Reply) => {
        const waiter = this.waiting.get(reply.id);
        this.waiting.delete(reply.id);
        waiter?.resolve(reply.result);
      });
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (this.waiting.size > 0) this.fail(new Error(`a verify worker stopped (exit code ${code})`));
      });
      return worker;
    });
  }

  run(job: EventBatchJob): Promise<EventBatchResult> {
    if (this.failure) return Promise.reject(this.failure);
    const id = ++this.nextId;
    const worker = this.workers[id % this.workers.length];
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      const request: Request = { id, job };
      worker?.postMessage(request, [job.bytes.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}

/** A verify worker's loop: one job in, its result out. */
export function serveVerifyBatches(port: MessagePort): void {
  port.on('message', ({ id, job }: Request) => {
    let result: EventBatchResult;
    try {
      result = runEventBatch(job);
    } catch (error) {
      result = {
        events: [],
        rest: [],
        records: 0,
        firstRow: 0,
        lastRow: 0,
        error: { message: error instanceof Error ? error.message : String(error) },
      };
    }
    const reply: Reply = { id, result };
    port.postMessage(reply);
  });
}
