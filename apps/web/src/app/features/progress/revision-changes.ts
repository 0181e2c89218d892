import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import {
  type IndicatorView,
  type ReportFieldChange,
  type ReportVersionView,
  reportRevisionChanges,
} from '@zibo/domain';

const FIELD_LABELS: Record<string, string> = {
  percentComplete: 'reports.percentComplete',
  summary: 'reports.summary',
  problems: 'reports.problems',
  nextSteps: 'reports.nextSteps',
  final: 'reports.final',
};

interface ChangeRow extends ReportFieldChange {
  /** A translation key, or the indicator's own name. */
  label: string;
  translated: boolean;
}

/**
 * A resubmission side by side with the revision the committee returned: only the fields that
 * changed, each with its old and new value (the same domain rule the review queue lists).
 */
export function resubmissionChanges(
  versions: readonly ReportVersionView[],
  revision: number,
): ReportFieldChange[] | null {
  const current = versions.find((v) => v.revision === revision);
  const returned = versions.find((v) => v.revision === revision - 1);
  if (!current || returned?.decision !== 'return') {
    return null;
  }
  return reportRevisionChanges(returned, current);
}

@Component({
  selector: 'app-revision-changes',
  imports: [TranslocoPipe],
  template: `
    @if (rows(); as rows) {
      <section class="changes" data-testid="revision-changes">
        <h2 class="title">{{ 'review.changesTitle' | transloco: { revision: revision() - 1 } }}</h2>
        @if (rows.length === 0) {
          <p>{{ 'review.noChanges' | transloco }}</p>
        } @else {
          <table>
            <thead>
              <tr>
                <th scope="col">{{ 'review.changeField' | transloco }}</th>
                <th scope="col">{{ 'review.changeBefore' | transloco }}</th>
                <th scope="col">{{ 'review.changeAfter' | transloco }}</th>
              </tr>
            </thead>
            <tbody>
              @for (row of rows; track row.field) {
                @let before = show(row.before);
                @let after = show(row.after);
                <tr data-testid="revision-change">
                  <th scope="row">{{ row.translated ? (row.label | transloco) : row.label }}</th>
                  <td class="before">{{ before.key ? (before.key | transloco) : before.text }}</td>
                  <td class="after">{{ after.key ? (after.key | transloco) : after.text }}</td>
                </tr>
              }
            </tbody>
          </table>
        }
      </section>
    }
  `,
  styles: `
    .changes {
      padding: 12px 16px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 12px;
      margin-bottom: 16px;
    }
    .title {
      font: var(--mat-sys-title-medium);
      margin: 0 0 8px;
    }
    table {
      width: 100%;
      border-collapse: collapse;
    }
    th,
    td {
      text-align: left;
      vertical-align: top;
      padding: 6px 8px;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .before {
      text-decoration: line-through;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RevisionChanges {
  readonly versions = input.required<readonly ReportVersionView[]>();
  readonly revision = input.required<number>();
  readonly indicators = input<readonly Pick<IndicatorView, 'id' | 'name'>[]>([]);

  protected readonly rows = computed((): ChangeRow[] | null => {
    const changes = resubmissionChanges(this.versions(), this.revision());
    if (!changes) {
      return null;
    }
    return changes.map((change) => {
      const indicatorId = change.field.startsWith('indicatorActuals.') ? change.field.slice(17) : null;
      const indicator = indicatorId ? this.indicators().find((i) => i.id === indicatorId) : undefined;
      return indicatorId
        ? { ...change, label: indicator?.name ?? indicatorId, translated: false }
        : { ...change, label: FIELD_LABELS[change.field] ?? change.field, translated: !!FIELD_LABELS[change.field] };
    });
  });

  /** Values as typed; yes/no and "empty" as translation keys. */
  protected show(value: string | number | boolean | null): { key: string | null; text: string } {
    if (value === null || value === '') {
      return { key: 'review.changeEmpty', text: '' };
    }
    if (typeof value === 'boolean') {
      return { key: value ? 'review.yes' : 'review.no', text: '' };
    }
    return { key: null, text: String(value) };
  }
}
