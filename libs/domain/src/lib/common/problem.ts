/** One field-level error of a 400/422 problem response. */
export interface FieldError {
  field: string;
  message: string;
  code: string;
}

/** RFC 9457 problem body, as every error of the api is sent. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  allowed?: string[];
  [extension: string]: unknown;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const PAGE_DEFAULT_LIMIT = 50;
export const PAGE_MAX_LIMIT = 500;
