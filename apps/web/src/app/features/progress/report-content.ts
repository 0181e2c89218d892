import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import type { IndicatorActualView, IndicatorView } from '@zibo/domain';

export interface ReportContentView {
  /** null: a draft without a percent yet. */
  percentComplete: number | null;
  summary: string;
  problems: string;
  nextSteps: string;
  indicatorActuals: IndicatorActualView[];
  /** Reports only; a contribution has no final mark. */
  final?: boolean;
  percentDecreaseReason?: string | null;
}

/** What a report (or one of its versions) says, read-only. */
@Component({
  selector: 'app-report-content',
  imports: [TranslocoPipe],
  template: `
    @let report = content();
    <dl class="content">
      <dt>{{ 'reports.percentComplete' | transloco }}</dt>
      <dd>
        {{ report.percentComplete === null ? '—' : report.percentComplete + '%' }}
        @if (report.final) {
          <span class="final">{{ 'reports.finalMark' | transloco }}</span>
        }
      </dd>
      @if (report.percentDecreaseReason) {
        <dt>{{ 'reports.percentDecreaseReason' | transloco }}</dt>
        <dd class="text">{{ report.percentDecreaseReason }}</dd>
      }
      <dt>{{ 'reports.summary' | transloco }}</dt>
      <dd class="text">{{ report.summary || '—' }}</dd>
      @if (report.problems) {
        <dt>{{ 'reports.problems' | transloco }}</dt>
        <dd class="text">{{ report.problems }}</dd>
      }
      @if (report.nextSteps) {
        <dt>{{ 'reports.nextSteps' | transloco }}</dt>
        <dd class="text">{{ report.nextSteps }}</dd>
      }
      @if (actuals().length) {
        <dt>{{ 'reports.indicatorActuals' | transloco }}</dt>
        <dd>
          <ul class="actuals">
            @for (actual of actuals(); track actual.id) {
              <li>
                {{ 'common.labelValue' | transloco: { label: actual.name, value: actual.value + ' ' + actual.unit } }}
              </li>
            }
          </ul>
        </dd>
      }
    </dl>
  `,
  styles: `
    .content {
      display: grid;
      grid-template-columns: minmax(6em, max-content) 1fr;
      gap: 6px 16px;
      margin: 0;
    }
    dt {
      color: var(--mat-sys-on-surface-variant);
    }
    dd {
      margin: 0;
    }
    .text {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .final {
      margin-inline-start: 8px;
      padding: 1px 6px;
      border-radius: 6px;
      font: var(--mat-sys-label-small);
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
    }
    .actuals {
      margin: 0;
      padding-inline-start: 1.2em;
    }
    @media (max-width: 599.98px) {
      .content {
        grid-template-columns: 1fr;
        gap: 2px;
      }
      dd {
        margin-bottom: 8px;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReportContent {
  readonly content = input.required<ReportContentView>();
  readonly indicators = input<readonly IndicatorView[]>([]);

  protected readonly actuals = computed(() => {
    const byId = new Map(this.indicators().map((i) => [i.id, i]));
    return this.content().indicatorActuals.map((a) => {
      const indicator = byId.get(a.indicatorId);
      return { id: a.indicatorId, name: indicator?.name ?? a.indicatorId, unit: indicator?.unit ?? '', value: a.value };
    });
  });
}
