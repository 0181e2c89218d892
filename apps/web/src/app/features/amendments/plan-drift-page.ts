import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import type { PlanDriftView } from '@zibo/domain';
import { type ErrorMessage, errorMessage } from '../../core/feedback/error-message';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { ReferenceData } from '../../core/reference/reference-data.service';
import { StatusChip } from '../../shared/status-chip';
import { AmendmentsService } from './amendments.service';

/** Tasks whose plan moved since assignment: how far the due date drifted, how many milestones and targets changed. */
@Component({
  selector: 'app-plan-drift-page',
  imports: [
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    RouterLink,
    TranslocoPipe,
    ErrorMessagePipe,
    StatusChip,
  ],
  template: `
    <header class="page-header">
      <h1 class="title">{{ 'planDrift.title' | transloco }}</h1>
    </header>
    <p class="intro">{{ 'planDrift.intro' | transloco }}</p>
    @if (loading()) {
      <mat-progress-bar mode="indeterminate" [attr.aria-label]="'common.loading' | transloco" />
    }
    @if (failure(); as failure) {
      <div class="failure" role="alert">
        <span>{{ failure | errorMessage }}</span>
        <button mat-button type="button" (click)="load()">{{ 'common.retry' | transloco }}</button>
      </div>
    }
    @if (!loading() && !failure() && rows().length === 0) {
      <p class="empty">{{ 'planDrift.none' | transloco }}</p>
    }
    @if (rows().length) {
      <div class="table-wrap">
        <table class="table drift">
          <thead>
            <tr>
              <th scope="col">{{ 'tasks.task' | transloco }}</th>
              <th scope="col">{{ 'tasks.lead' | transloco }}</th>
              <th scope="col">{{ 'tasks.status' | transloco }}</th>
              <th scope="col">{{ 'planDrift.dueDate' | transloco }}</th>
              <th scope="col">{{ 'planDrift.drift' | transloco }}</th>
              <th scope="col">{{ 'planDrift.milestonesMoved' | transloco }}</th>
              <th scope="col">{{ 'planDrift.targetsChanged' | transloco }}</th>
              <th scope="col">{{ 'planDrift.amendments' | transloco }}</th>
            </tr>
          </thead>
          <tbody>
            @for (row of rows(); track row.taskId) {
              <tr data-testid="drift-row">
                <td class="title-cell">
                  <a [routerLink]="['/tasks', row.taskId]">{{ row.title }}</a>
                  <div class="meta">{{ row.workItemCode }} {{ reference.workItemName(row.workItemCode) }}</div>
                </td>
                <td>{{ reference.departmentName(row.leadDepartmentId) }}</td>
                <td><app-status-chip kind="taskStatus" [status]="row.status" /></td>
                <td>{{ row.baselineDueDate }} → {{ row.dueDate }}</td>
                <td [class.later]="row.dueDateDriftDays > 0">
                  {{
                    'planDrift.days'
                      | transloco
                        : { days: row.dueDateDriftDays > 0 ? '+' + row.dueDateDriftDays : row.dueDateDriftDays }
                  }}
                </td>
                <td>{{ row.milestonesMoved }}</td>
                <td>{{ row.targetsChanged }}</td>
                <td>{{ row.amendments }}</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    }
  `,
  styleUrl: './plan-drift-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PlanDriftPage {
  private readonly api = inject(AmendmentsService);
  protected readonly reference = inject(ReferenceData);
  protected readonly rows = signal<PlanDriftView[]>([]);
  protected readonly loading = signal(true);
  protected readonly failure = signal<ErrorMessage | null>(null);

  constructor() {
    this.reference.load().subscribe({ error: () => undefined });
    this.load();
  }

  protected load(): void {
    this.loading.set(true);
    this.failure.set(null);
    this.api.planDrift().subscribe({
      next: (rows) => {
        this.rows.set(rows);
        this.loading.set(false);
      },
      error: (error: unknown) => {
        this.failure.set(errorMessage(error));
        this.loading.set(false);
      },
    });
  }
}
