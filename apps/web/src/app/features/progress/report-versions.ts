import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatExpansionModule } from '@angular/material/expansion';
import { MatIconModule } from '@angular/material/icon';
import { TranslocoPipe } from '@jsverse/transloco';
import type { IndicatorView, ReportVersionView } from '@zibo/domain';
import { DateTimePipe } from '../../core/i18n/display-format.pipes';
import { ReportContent } from './report-content';

/** Every submitted revision of a report, newest first, each with the committee's decision and comment. */
@Component({
  selector: 'app-report-versions',
  imports: [MatExpansionModule, MatIconModule, TranslocoPipe, DateTimePipe, ReportContent],
  template: `
    @if (newestFirst().length === 0) {
      <p class="none">{{ 'reports.noVersions' | transloco }}</p>
    }
    <mat-accordion multi>
      @for (version of newestFirst(); track version.revision) {
        <mat-expansion-panel class="version" [attr.data-testid]="'version-' + version.revision">
          <mat-expansion-panel-header>
            <mat-panel-title>
              {{ 'reports.revision' | transloco: { revision: version.revision } }}
            </mat-panel-title>
            <mat-panel-description>
              <span class="decision" [class]="version.decision ?? 'pending'">
                {{ 'reports.decision.' + (version.decision ?? 'pending') | transloco }}
              </span>
              <span class="when">{{ version.submittedAt | dateTime }}</span>
            </mat-panel-description>
          </mat-expansion-panel-header>
          @if (version.decision) {
            <div class="review" [class.returned]="version.decision === 'return'">
              <mat-icon aria-hidden="true">{{ version.decision === 'return' ? 'undo' : 'task_alt' }}</mat-icon>
              <div>
                <div>
                  {{ 'reports.reviewedAt' | transloco: { at: (version.reviewedAt | dateTime) } }}
                  @if (version.score !== null) {
                    · {{ 'reports.scoreValue' | transloco: { score: version.score } }}
                  }
                </div>
                @if (version.reviewComment) {
                  <div class="comment" data-testid="review-comment">{{ version.reviewComment }}</div>
                }
              </div>
            </div>
          }
          <app-report-content [content]="version" [indicators]="indicators()" />
        </mat-expansion-panel>
      }
    </mat-accordion>
  `,
  styles: `
    .none {
      color: var(--mat-sys-on-surface-variant);
    }
    mat-panel-description {
      display: flex;
      gap: 12px;
      flex-wrap: wrap;
    }
    .decision {
      font: var(--mat-sys-label-medium);
      &.return {
        color: #8c5a00;
      }
      &.approve {
        color: #135c2c;
      }
    }
    .review {
      display: flex;
      gap: 8px;
      padding: 8px 12px;
      margin-bottom: 12px;
      border-radius: 8px;
      background: #dcf5e3;
      color: #135c2c;
      &.returned {
        background: #fff3d6;
        color: #5c3d00;
      }
    }
    .comment {
      white-space: pre-wrap;
      font: var(--mat-sys-body-large);
      margin-top: 4px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReportVersions {
  readonly versions = input.required<readonly ReportVersionView[]>();
  readonly indicators = input<readonly IndicatorView[]>([]);

  protected readonly newestFirst = computed(() => [...this.versions()].sort((a, b) => b.revision - a.revision));
}
