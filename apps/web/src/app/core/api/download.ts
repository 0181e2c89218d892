import { HttpClient, HttpEventType, type HttpEvent, type HttpParams } from '@angular/common/http';
import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { type Observable, type Subscription, filter, scan, tap } from 'rxjs';
import { type ErrorMessage, errorMessage } from '../feedback/error-message';
import { saveFile } from './save-file';

/** Where a download stands: sent and waiting for the first byte, receiving, or saved. */
export type DownloadState =
  | { phase: 'waiting'; loaded: 0; total: null }
  | { phase: 'receiving'; loaded: number; total: number | null }
  | { phase: 'done'; loaded: number; total: number | null; fileName: string; blob: Blob };

export const DOWNLOAD_STARTED: DownloadState = { phase: 'waiting', loaded: 0, total: null };

function decodeRfc5987(value: string): string | null {
  // charset'language'percent-encoded (RFC 8187); browsers and servers use UTF-8.
  const match = /^([\w!#$%&+^`{}~-]*)'[\w-]*'(.*)$/.exec(value);
  if (!match) {
    return null;
  }
  try {
    return decodeURIComponent(match[2]);
  } catch {
    return null;
  }
}

/**
 * The file name a server gave in `Content-Disposition` (RFC 6266): `filename*` (UTF-8, for Chinese
 * names) wins over `filename`; path parts are dropped. `fallback` when there is none.
 */
export function fileNameFromContentDisposition(header: string | null | undefined, fallback: string): string {
  if (!header) {
    return fallback;
  }
  const extended = /filename\*\s*=\s*("?)([^";]+)\1/i.exec(header);
  const quoted = /(?:^|;)\s*filename\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(header);
  const token = /(?:^|;)\s*filename\s*=\s*([^";\s]+)/i.exec(header);
  const name =
    (extended && decodeRfc5987(extended[2])) ??
    (quoted ? quoted[1].replace(/\\(.)/g, '$1') : null) ??
    (token ? token[1] : null);
  const base = name?.split(/[/\\]/).pop()?.trim();
  return base ? base : fallback;
}

/**
 * The next state after an HttpClient event of a blob download (`observe: 'events'`,
 * `reportProgress: true`). `total` stays null while the server streams without a Content-Length.
 */
export function nextDownloadState(state: DownloadState, event: HttpEvent<Blob>, fallbackName: string): DownloadState {
  switch (event.type) {
    case HttpEventType.DownloadProgress:
      return { phase: 'receiving', loaded: event.loaded, total: event.total ?? null };
    case HttpEventType.Response: {
      const blob = event.body ?? new Blob([]);
      return {
        phase: 'done',
        loaded: blob.size,
        total: state.total ?? blob.size,
        fileName: fileNameFromContentDisposition(event.headers.get('Content-Disposition'), fallbackName),
        blob,
      };
    }
    default:
      return state;
  }
}

/** Share of the download received, 0–100, or null when the total is unknown (chunked). */
export function downloadPercent(state: DownloadState): number | null {
  if (state.phase === 'done') {
    return 100;
  }
  return state.total ? Math.min(100, Math.round((100 * state.loaded) / state.total)) : null;
}

/**
 * Downloads a file from the api with the bearer token (a plain link would not send it), reporting
 * progress, and saves it under the name the server gave.
 */
@Injectable({ providedIn: 'root' })
export class FileDownloads {
  private readonly http = inject(HttpClient);

  download(url: string, params: HttpParams, fallbackName: string): Observable<DownloadState> {
    return this.http.get(url, { params, observe: 'events', reportProgress: true, responseType: 'blob' }).pipe(
      scan((state: DownloadState, event) => nextDownloadState(state, event, fallbackName), DOWNLOAD_STARTED),
      filter((state, index) => index === 0 || state.phase !== 'waiting'),
      tap((state) => {
        if (state.phase === 'done') {
          saveFile(state.blob, state.fileName);
        }
      }),
    );
  }
}

/**
 * One download at a time for a page: its progress and failure as signals, cancelled when the page
 * goes away. Create it in a component field (it needs an injection context).
 */
export class DownloadTracker {
  private subscription: Subscription | null = null;
  readonly state = signal<DownloadState | null>(null);
  readonly failure = signal<ErrorMessage | null>(null);
  /** What is being downloaded (a format, a label), for the progress line. */
  readonly label = signal<string | null>(null);
  readonly busy = computed(() => {
    const state = this.state();
    return state !== null && state.phase !== 'done';
  });

  constructor() {
    inject(DestroyRef).onDestroy(() => this.cancel());
  }

  start(label: string, download: Observable<DownloadState>): void {
    this.cancel();
    this.label.set(label);
    this.failure.set(null);
    this.state.set(DOWNLOAD_STARTED);
    this.subscription = download.subscribe({
      next: (state) => this.state.set(state),
      error: (error: unknown) => {
        this.state.set(null);
        this.failure.set(errorMessage(error));
      },
    });
  }

  cancel(): void {
    this.subscription?.unsubscribe();
    this.subscription = null;
    if (this.busy()) {
      this.state.set(null);
    }
  }
}
