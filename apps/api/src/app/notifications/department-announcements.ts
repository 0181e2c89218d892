import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { NotificationKind, NotificationPayload } from '@zibo/domain';

/** Something said to whole departments, besides each member's in-app notification. */
export interface DepartmentAnnouncement {
  departmentIds: string[];
  kind: NotificationKind;
  taskId: string | null;
  payload: NotificationPayload;
  /** For once-only notifications: the key of what is said to one listener's target (a robot). */
  dedupeKey?: (target: string) => string;
}

export type DepartmentListener = (tx: EntityManager, announcement: DepartmentAnnouncement) => Promise<void>;

/**
 * Listeners to what departments are told (the group robots of the channels feature), run in the
 * transaction of the change, so that they register without this module knowing them.
 */
@Injectable()
export class DepartmentAnnouncements {
  private readonly listeners: DepartmentListener[] = [];

  listen(listener: DepartmentListener): void {
    this.listeners.push(listener);
  }

  async announce(tx: EntityManager, announcement: DepartmentAnnouncement): Promise<void> {
    for (const listener of this.listeners) await listener(tx, announcement);
  }
}
