import { HttpClient } from '@angular/common/http';
import { Injectable, inject, signal } from '@angular/core';
import { BACKGROUND_HEADER, HEALTH_PATH } from '../api/api-paths';

/** After a probe gave up (its retries spent), the next one starts this much later. */
export const PROBE_PAUSE_MS = 30_000;

/**
 * Whether the api answers. While it does not (503 while its database is down, no answer at all),
 * the app shows a "retrying" banner and probes the health endpoint until a request gets through.
 */
@Injectable({ providedIn: 'root' })
export class ServiceAvailability {
  private readonly http = inject(HttpClient);
  private readonly state = signal(true);
  private probing = false;
  private pause: ReturnType<typeof setTimeout> | undefined;

  readonly available = this.state.asReadonly();

  /** A request found the service unavailable. */
  reportUnavailable(): void {
    this.state.set(false);
    this.probe();
  }

  /** A request succeeded: the service is back. */
  reportAvailable(): void {
    this.state.set(true);
    clearTimeout(this.pause);
  }

  // A failed save is not retried, so without a probe the banner could stay up with nothing in
  // flight. The probe is a GET: the interceptor retries it with back-off, and its success hides the banner.
  private probe(): void {
    if (this.probing) {
      return;
    }
    this.probing = true;
    this.http.get(HEALTH_PATH, { headers: { [BACKGROUND_HEADER]: '1' } }).subscribe({
      complete: () => (this.probing = false),
      error: () => {
        this.probing = false;
        if (!this.state()) {
          clearTimeout(this.pause);
          this.pause = setTimeout(() => this.probe(), PROBE_PAUSE_MS);
        }
      },
    });
  }
}
