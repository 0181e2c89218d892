import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** One time-driven step of the reminder job: runs in the job's transaction, under its lock. */
export type ReminderStep = (tx: EntityManager, now: Date) => Promise<number>;

/**
 * Steps other features add to the reminder job (urges of unaccepted tasks, urge escalation), so that
 * they run once across processes under the job's advisory lock without this module knowing them.
 */
@Injectable()
export class ReminderSteps {
  private readonly steps: { name: string; run: ReminderStep }[] = [];

  register(name: string, run: ReminderStep): void {
    this.steps.push({ name, run });
  }

  list(): readonly { name: string; run: ReminderStep }[] {
    return this.steps;
  }
}
