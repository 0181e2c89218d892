import { Injectable } from '@nestjs/common';
import type { AuthUser } from './auth-user';

export type VisibilityCheck = (user: AuthUser, id: string) => Promise<boolean>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `id` can name a record at all (a malformed one names nothing: 404 like an unknown one). */
export function isRecordId(id: string | undefined): id is string {
  return id !== undefined && UUID.test(id);
}

/**
 * Answers "may this user see record `id` of type X?" for the access guard. Each feature registers
 * the check for its own records, so object-level visibility is decided where the data lives.
 */
@Injectable()
export class ResourceVisibilityRegistry {
  private readonly checks = new Map<string, VisibilityCheck>();

  register(resource: string, check: VisibilityCheck): void {
    this.checks.set(resource, check);
  }

  async isVisible(resource: string, user: AuthUser, id: string | undefined): Promise<boolean> {
    const check = this.checks.get(resource);
    if (!check) throw new Error(`No visibility check registered for resource "${resource}"`);
    // A malformed id names nothing: 404 like an unknown one.
    if (!isRecordId(id)) return false;
    return check(user, id);
  }
}
