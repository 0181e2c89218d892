import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { AMBER_TOLERANCE_POINTS } from '@zibo/domain';

/** Percent complete against the percent expected by now, as a bar with a marker and in words. */
@Component({
  selector: 'app-percent-bar',
  imports: [TranslocoPipe],
  template: `
    <div class="numbers">
      <span class="percent">{{ percent() }}%</span>
      @if (expected() !== null) {
        <span class="expected" [class.behind]="behind()">{{
          'tasks.expectedPercent' | transloco: { expected: expected() }
        }}</span>
      }
    </div>
    <div
      class="track"
      role="progressbar"
      aria-valuemin="0"
      aria-valuemax="100"
      [attr.aria-valuenow]="percent()"
      [attr.aria-label]="'tasks.percentComplete' | transloco"
    >
      <div class="fill" [style.width.%]="percent()"></div>
      @if (expected() !== null) {
        <div class="marker" [style.left.%]="expected()"></div>
      }
    </div>
  `,
  styles: `
    :host {
      display: block;
      min-width: 120px;
    }
    .numbers {
      display: flex;
      gap: 8px;
      align-items: baseline;
      font: var(--mat-sys-body-small);
    }
    .percent {
      font: var(--mat-sys-label-large);
      font-variant-numeric: tabular-nums;
    }
    .expected {
      color: var(--mat-sys-on-surface-variant);
      &.behind {
        color: var(--mat-sys-error);
      }
    }
    .track {
      position: relative;
      height: 6px;
      margin-top: 4px;
      border-radius: 3px;
      background: var(--mat-sys-surface-container-highest);
    }
    .fill {
      height: 100%;
      border-radius: 3px;
      background: var(--mat-sys-primary);
    }
    .marker {
      position: absolute;
      top: -3px;
      width: 2px;
      height: 12px;
      background: var(--mat-sys-on-surface);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PercentBar {
  readonly percent = input.required<number>();
  readonly expected = input<number | null>(null);
  /** Behind by more than the tolerance RAG turns amber at. */
  protected readonly behind = computed(() => {
    const expected = this.expected();
    return expected !== null && this.percent() < expected - AMBER_TOLERANCE_POINTS;
  });
}
