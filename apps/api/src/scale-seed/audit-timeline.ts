import {
  type AuditRecord,
  GENESIS_HASH,
  canonicalText,
  chainHash,
  CHECKPOINT_EVERY_EVENTS,
  type CheckpointSigner,
} from '../app/audit';
import type { CopyValue } from './copy-writer';
import { MINUTE } from './seed-calendar';
import type { SeededRandom } from './seeded-random';
import type { SeedUser } from './scale-plan';

/** One change as the api would have recorded it, before it has a place in the chain. */
export interface TimelineEvent {
  at: number;
  actor: SeedUser | null;
  action: string;
  entityType: string;
  entityId: string | null;
  departmentId: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  sha256?: string | null;
  /** Where the request came from; defaults to the actor's address (null for the command line). */
  ip?: string | null;
}

export const AUDIT_EVENT_COLUMNS = [
  'seq',
  'at',
  'actor_id',
  'actor_role',
  'department_id',
  'action',
  'entity_type',
  'entity_id',
  'before',
  'after',
  'request_id',
  'ip',
  'sha256',
  'canonical',
  'prev_hash',
  'hash',
] as const;

export const AUDIT_CHECKPOINT_COLUMNS = [
  'seq',
  'head_hash',
  'event_count',
  'at',
  'key_id',
  'payload',
  'signature',
] as const;

/** The minutes between the api's timer checkpoints (CHECKPOINT_INTERVAL_MINUTES default). */
const TIMER_MINUTES = 5;

/**
 * Events collected by month (in business time), handed out in time order once a month is
 * complete: the generator works period by period, and an event lands in the month it happened.
 */
export class MonthBuckets {
  private readonly buckets = new Map<number, TimelineEvent[]>();

  constructor(private readonly monthOf: (at: number) => number) {}

  add(event: TimelineEvent): void {
    const month = this.monthOf(event.at);
    const bucket = this.buckets.get(month);
    if (bucket) bucket.push(event);
    else this.buckets.set(month, [event]);
  }

  /** The month's events in time order (stable: same instant keeps the order of adding). */
  take(month: number): TimelineEvent[] {
    const events = this.buckets.get(month) ?? [];
    this.buckets.delete(month);
    return events.sort((a, b) => a.at - b.at);
  }

  get pending(): number {
    let count = 0;
    for (const bucket of this.buckets.values()) count += bucket.length;
    return count;
  }
}

/**
 * Appends events to the chain exactly as the api's AuditWriter does (same record, same RFC 8785
 * canonical text and hash rule, imported from audit-chain.ts), and signs the checkpoints the api
 * would have signed: one every 1,000 events (the writer's) and one at each 5-minute tick of the
 * checkpoint timer when the head had moved (the scheduler's).
 */
export class ChainAppender {
  private seq = 0;
  private prevHash = GENESIS_HASH;
  private lastAt = 0;
  private checkpointedSeq = 0;
  checkpoints = 0;

  constructor(
    private readonly signer: CheckpointSigner,
    private readonly random: SeededRandom,
    private readonly writeEvent: (row: CopyValue[]) => Promise<void>,
    private readonly writeCheckpoint: (row: CopyValue[]) => Promise<void>,
  ) {}

  get head(): { seq: number; hash: string } {
    return { seq: this.seq, hash: this.prevHash };
  }

  async append(event: TimelineEvent): Promise<void> {
    if (event.at < this.lastAt) throw new Error(`audit events out of time order at seq ${this.seq + 1}`);
    // The timer fired between the previous event and this one: it checkpointed the head then.
    if (this.seq > this.checkpointedSeq) {
      const tick = nextTick(this.lastAt);
      if (tick <= event.at) await this.checkpoint(tick);
    }
    this.seq += 1;
    const record: AuditRecord = {
      seq: this.seq,
      at: new Date(event.at).toISOString(),
      actorId: event.actor?.id ?? null,
      actorRole: event.actor?.role ?? null,
      departmentId: event.departmentId,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId,
      before: event.before ?? null,
      after: event.after ?? null,
      requestId: event.actor ? this.random.uuid() : null,
      ip: event.ip !== undefined ? event.ip : (event.actor?.ip ?? null),
      sha256: event.sha256 ?? null,
    };
    const canonical = canonicalText(record);
    const hash = chainHash(this.prevHash, canonical);
    await this.writeEvent([
      record.seq,
      record.at,
      record.actorId,
      record.actorRole,
      record.departmentId,
      record.action,
      record.entityType,
      record.entityId,
      record.before,
      record.after,
      record.requestId,
      record.ip,
      record.sha256,
      canonical,
      this.prevHash,
      hash,
    ]);
    this.prevHash = hash;
    this.lastAt = event.at;
    if (this.seq % CHECKPOINT_EVERY_EVENTS === 0) await this.checkpoint(event.at);
  }

  /** The timer's last checkpoint after the last event (at the next tick, or now if sooner). */
  async finish(now: number): Promise<void> {
    if (this.seq > this.checkpointedSeq) await this.checkpoint(Math.min(nextTick(this.lastAt), now));
  }

  private async checkpoint(at: number): Promise<void> {
    const claim = {
      seq: this.seq,
      headHash: this.prevHash,
      count: this.seq,
      at: new Date(at).toISOString(),
      keyId: this.signer.keyId,
    };
    const { payload, signature } = this.signer.sign(claim);
    await this.writeCheckpoint([claim.seq, claim.headHash, claim.count, claim.at, claim.keyId, payload, signature]);
    this.checkpointedSeq = this.seq;
    this.checkpoints += 1;
  }
}

function nextTick(at: number): number {
  const period = TIMER_MINUTES * MINUTE;
  return (Math.floor(at / period) + 1) * period;
}
