import { User } from './user.entity';
export { User } from './user.entity';
export { auditedUserFields, toUserView } from './user.view';
export { UsersModule } from './users.module';

/** This feature's tables, for the app's entity list (app/entities.ts). */
export const UserEntities = [User];
