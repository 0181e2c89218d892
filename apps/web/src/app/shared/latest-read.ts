import { type WritableSignal, signal } from '@angular/core';
import type { Observable, Subscription } from 'rxjs';
import { type ErrorMessage, errorMessage } from '../core/feedback/error-message';

/**
 * A view the page reads again whenever its filters change: only the latest read lands (an older one still on
 * its way is cancelled, so a slow answer never replaces a newer one), with its loading and failure states.
 */
export class LatestRead<T> {
  readonly view = signal<T | null>(null);
  readonly loading: WritableSignal<boolean> = signal(true);
  readonly failure = signal<ErrorMessage | null>(null);
  private request: Subscription | null = null;

  load(read: Observable<T>): void {
    this.request?.unsubscribe();
    this.loading.set(true);
    this.failure.set(null);
    this.request = read.subscribe({
      next: (view) => {
        this.view.set(view);
        this.loading.set(false);
      },
      error: (error: unknown) => {
        this.view.set(null);
        this.failure.set(errorMessage(error));
        this.loading.set(false);
      },
    });
  }
}
