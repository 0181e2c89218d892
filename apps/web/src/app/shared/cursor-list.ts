import { type WritableSignal, signal } from '@angular/core';
import type { Page } from '@zibo/domain';
import type { Observable } from 'rxjs';
import { type ErrorMessage, errorMessage } from '../core/feedback/error-message';

/**
 * A list the api hands out page by page with a cursor: the items read so far, the cursor of the next page
 * ("load more" shows while there is one), and the loading and failure states of the last read.
 */
export class CursorList<T> {
  readonly items = signal<T[]>([]);
  readonly nextCursor = signal<string | null>(null);
  readonly loading: WritableSignal<boolean>;
  readonly failure = signal<ErrorMessage | null>(null);

  /** `loading` starts true on a page that reads its list as soon as it opens (no "nothing here" flash). */
  constructor(
    private readonly fetch: (cursor: string | null) => Observable<Page<T>>,
    { loading = false }: { loading?: boolean } = {},
  ) {
    this.loading = signal(loading);
  }

  /** The first page again, or (`more`) the next page appended to what is shown. */
  load(more = false): void {
    this.loading.set(true);
    this.failure.set(null);
    this.fetch(more ? this.nextCursor() : null).subscribe({
      next: (page) => {
        this.items.update((current) => (more ? [...current, ...page.items] : page.items));
        this.nextCursor.set(page.nextCursor);
        this.loading.set(false);
      },
      error: (error: unknown) => {
        this.failure.set(errorMessage(error));
        this.loading.set(false);
      },
    });
  }
}
