import { HttpParams } from '@angular/common/http';
import type { Params } from '@angular/router';
import { startOfBusinessDate } from '@zibo/domain';
import { addDays } from '../../core/reference/business-calendar';

/** The audit log's filters as the address bar and the form hold them ('' = any). Dates are business dates. */
export interface AuditFilters {
  from: string;
  to: string;
  actor: string;
  department: string;
  entityType: string;
  entityId: string;
}

export const NO_AUDIT_FILTERS: AuditFilters = {
  from: '',
  to: '',
  actor: '',
  department: '',
  entityType: '',
  entityId: '',
};

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ENTITY_TYPE = /^[a-z_]{1,32}$/;

function validDate(value: string): boolean {
  return DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

/** Filters from the address bar; anything the api would refuse (400) is dropped, not sent. */
export function auditFiltersFromParams(params: Params): AuditFilters {
  const text = (key: string): string => (typeof params[key] === 'string' ? params[key].trim() : '');
  return {
    from: validDate(text('from')) ? text('from') : '',
    to: validDate(text('to')) ? text('to') : '',
    actor: UUID.test(text('actor')) ? text('actor') : '',
    department: UUID.test(text('department')) ? text('department') : '',
    entityType: ENTITY_TYPE.test(text('entityType')) ? text('entityType') : '',
    entityId: text('entityId').slice(0, 64),
  };
}

/** The page's query parameters: only filters that are set. */
export function auditFiltersToParams(filters: AuditFilters): Params {
  const params: Params = {};
  for (const [key, value] of Object.entries(filters)) {
    if (typeof value === 'string' && value.trim()) {
      params[key] = value.trim();
    }
  }
  return params;
}

export function hasAuditFilters(filters: AuditFilters): boolean {
  return Object.keys(auditFiltersToParams(filters)).length > 0;
}

/**
 * The api's filters: `from` and `to` are instants with offset. A day range in business time covers
 * from 00:00 of the first day to 00:00 after the last (the api's `to` is exclusive).
 */
export function auditApiParams(filters: AuditFilters, timeZone: string): HttpParams {
  const f = auditFiltersFromParams(auditFiltersToParams(filters));
  let params = new HttpParams();
  if (f.from) {
    params = params.set('from', startOfBusinessDate(f.from, timeZone).toISOString());
  }
  if (f.to) {
    params = params.set('to', startOfBusinessDate(addDays(f.to, 1), timeZone).toISOString());
  }
  for (const key of ['actor', 'department', 'entityType', 'entityId'] as const) {
    if (f[key]) {
      params = params.set(key, f[key]);
    }
  }
  return params;
}
