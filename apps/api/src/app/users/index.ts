export { User } from './user.entity';
export { auditedUserFields, toUserView } from './user.view';
export { UsersModule } from './users.module';
