import { HttpParams } from '@angular/common/http';
import type { Params } from '@angular/router';
import {
  PAGE_DEFAULT_LIMIT,
  RAG_STATUSES,
  type Rag,
  type SortToken,
  TASK_DEFAULT_SORT,
  TASK_SORT_KEYS,
  TASK_STATUSES,
  type TaskSortKey,
  type TaskStatus,
  sortTokens,
} from '@zibo/domain';

/** The task list's filters, as the URL and the form hold them ('' = any). */
export interface TaskFilters {
  focusArea: string;
  department: string;
  /** Lead department only (the dashboard's per-department counts); `department` is lead or co-owner. */
  leadDepartment: string;
  status: TaskStatus | '';
  rag: Rag | '';
  overdue: boolean;
  q: string;
  /** The order (`sort=` of the api, '' = its default, by due date); not a filter: totals ignore it. */
  sort: SortToken<TaskSortKey> | '';
}

export const NO_FILTERS: TaskFilters = {
  focusArea: '',
  department: '',
  leadDepartment: '',
  status: '',
  rag: '',
  overdue: false,
  q: '',
  sort: '',
};

/** Every order the list offers, the default first. */
export const TASK_SORT_OPTIONS: readonly SortToken<TaskSortKey>[] = sortTokens(TASK_SORT_KEYS);

const FOCUS_AREA = /^FA[1-8]$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function pick<T extends string>(value: unknown, allowed: readonly T[]): T | '' {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : '';
}

/** Filters from the address bar; anything the api would refuse (400) is dropped, not sent. */
export function filtersFromParams(params: Params): TaskFilters {
  const text = (key: string): string => (typeof params[key] === 'string' ? params[key] : '');
  return {
    focusArea: FOCUS_AREA.test(text('focusArea')) ? text('focusArea') : '',
    department: UUID.test(text('department')) ? text('department') : '',
    leadDepartment: UUID.test(text('leadDepartment')) ? text('leadDepartment') : '',
    status: pick(params['status'], TASK_STATUSES),
    rag: pick(params['rag'], RAG_STATUSES),
    overdue: text('overdue') === 'true',
    q: text('q').trim().slice(0, 100),
    sort: sortOf(text('sort')),
  };
}

/** The query parameters of the page's URL: only filters that are set, so links stay short. */
export function filtersToParams(filters: TaskFilters): Params {
  const params: Params = {};
  for (const key of ['focusArea', 'department', 'leadDepartment', 'status', 'rag'] as const) {
    if (filters[key]) {
      params[key] = filters[key];
    }
  }
  if (filters.overdue) {
    params['overdue'] = 'true';
  }
  if (filters.q.trim()) {
    params['q'] = filters.q.trim();
  }
  if (filters.sort) {
    params['sort'] = filters.sort;
  }
  return params;
}

/** A `sort=` the api accepts, '' for its default (so the default order keeps links short). */
export function sortOf(value: string): SortToken<TaskSortKey> | '' {
  const token = TASK_SORT_OPTIONS.find((option) => option === value);
  return token && token !== TASK_DEFAULT_SORT ? token : '';
}

/** The totals' request: the list's filters without its order (totals do not change with it). */
export function taskTotalsParams(filters: TaskFilters): HttpParams {
  return new HttpParams({ fromObject: filtersToParams({ ...filters, sort: '' }) });
}

/** The api request: the api refuses empty and unknown parameters, so only set filters are sent. */
export function taskListParams(filters: TaskFilters, cursor: string | null): HttpParams {
  let params = new HttpParams({ fromObject: filtersToParams(filters) }).set('limit', PAGE_DEFAULT_LIMIT);
  if (cursor) {
    params = params.set('cursor', cursor);
  }
  return params;
}

/** Whether any filter is set (the order is not a filter). */
export function hasFilters(filters: TaskFilters): boolean {
  return Object.keys(filtersToParams({ ...filters, sort: '' })).length > 0;
}
