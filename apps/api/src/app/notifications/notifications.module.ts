import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { ResourceVisibilityRegistry } from '../../core/access/resource-visibility.registry';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

/** Global: every workflow use case notifies through it, in its own transaction. */
@Global()
@Module({
  controllers: [NotificationsController],
  providers: [NotificationsService],
  exports: [NotificationsService],
})
export class NotificationsModule implements OnModuleInit {
  constructor(
    private readonly visibility: ResourceVisibilityRegistry,
    private readonly notifications: NotificationsService,
  ) {}

  onModuleInit(): void {
    // Notifications belong to one user: anyone else's is a 404.
    this.visibility.register('notification', (user, id) => this.notifications.isOwn(user, id));
  }
}
