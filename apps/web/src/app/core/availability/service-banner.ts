import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { TranslocoPipe } from '@jsverse/transloco';
import { ServiceAvailability } from './service-availability';

/** "Service unavailable, retrying…" over the top of every page while the api cannot answer; never blocks. */
@Component({
  selector: 'app-service-banner',
  imports: [MatIconModule, TranslocoPipe],
  // The live region is always there, so screen readers announce the text when it appears.
  template: `
    <div class="region" role="status" aria-live="polite">
      @if (!available()) {
        <p class="banner" data-testid="service-banner">
          <mat-icon aria-hidden="true">cloud_off</mat-icon>
          <span>{{ 'errors.unavailableRetrying' | transloco }}</span>
        </p>
      }
    </div>
  `,
  styles: `
    .region {
      position: fixed;
      inset-block-start: 0;
      inset-inline: 0;
      z-index: 1100;
      display: flex;
      justify-content: center;
      // Clicks go through to the page; only the banner itself takes space.
      pointer-events: none;
    }
    .banner {
      display: inline-flex;
      align-items: center;
      gap: 8px;
      margin: 0;
      padding: 6px 16px;
      border-radius: 0 0 12px 12px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
      font: var(--mat-sys-body-medium);
      box-shadow: var(--mat-sys-level2);
      pointer-events: auto;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ServiceBanner {
  protected readonly available = inject(ServiceAvailability).available;
}
