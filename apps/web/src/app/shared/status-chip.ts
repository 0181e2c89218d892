import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';

/** A status in words (task, report or compliance), styled by its value. */
@Component({
  selector: 'app-status-chip',
  imports: [TranslocoPipe],
  template: `<span class="chip" [class]="status()" [attr.data-status]="status()">{{
    kind() + '.' + status() | transloco
  }}</span>`,
  styles: `
    .chip {
      display: inline-block;
      padding: 2px 8px;
      border-radius: 8px;
      font: var(--mat-sys-label-medium);
      white-space: nowrap;
      background: var(--mat-sys-surface-container-high);
      color: var(--mat-sys-on-surface-variant);
    }
    .in_progress,
    .submitted,
    .assigned {
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
    }
    .completed,
    .approved,
    .on_time {
      background: #dcf5e3;
      color: #135c2c;
    }
    .returned,
    .late {
      background: #fff3d6;
      color: #6d4c00;
    }
    .cancelled,
    .missing {
      background: #fde7e9;
      color: #8c1d18;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StatusChip {
  /** Translation namespace: taskStatus, reportStatus or compliance. */
  readonly kind = input.required<'taskStatus' | 'reportStatus' | 'compliance'>();
  readonly status = input.required<string>();
}
