import type { Role } from '@zibo/domain';

/** The signed-in caller, as every guard, controller and use case sees it. */
export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  departmentId: string | null;
}
