export const DATABASE_STATUS = Symbol('DATABASE_STATUS');

export interface DatabaseStatus {
  embedded: boolean;
  appendOnlyEnforced: boolean;
}
