import { Module, type OnModuleInit } from '@nestjs/common';
import { hasPermission } from '@zibo/domain';
import { ResourceVisibilityRegistry } from '../../core/access/resource-visibility.registry';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { CredentialsModule } from '../credentials';
import { User } from './user.entity';
import { MeController, UsersController } from './users.controller';
import { UsersService } from './users.service';
import { AuditModule } from '../audit';
import { NotificationsModule } from '../notifications';

@Module({
  imports: [AuditModule, NotificationsModule, CredentialsModule],
  controllers: [UsersController, MeController],
  providers: [UsersService],
})
export class UsersModule implements OnModuleInit {
  constructor(
    private readonly visibility: ResourceVisibilityRegistry,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  onModuleInit(): void {
    // User records are visible to those who read accounts, and each user sees their own.
    this.visibility.register('user', async (caller, id) => {
      if (!hasPermission(caller.role, 'users:read') && caller.id !== id) return false;
      return this.unitOfWork.run((tx) => tx.getRepository(User).existsBy({ id }));
    });
  }
}
