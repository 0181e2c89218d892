import type { Role } from '../auth/roles';
import type { Language } from '../common/languages';

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  departmentId: string | null;
  /** Where notifications are mailed (when the server sends e-mail); null: in-app only. */
  email: string | null;
  language: Language;
  locked: boolean;
  version: number;
}

export interface MeView extends UserView {
  permissions: string[];
  department: { id: string; code: string; name: string } | null;
  /** The business calendar the server computes periods, deadlines and overdue with. */
  calendar: { timeZone: string; reportDueDay: number; today: string };
  /** The second factor: enrolled or not, and whether the role requires one (then it cannot be disabled). */
  mfa: { enabled: boolean; required: boolean };
}
