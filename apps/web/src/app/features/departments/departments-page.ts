import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import { TranslocoPipe } from '@jsverse/transloco';
import type { DepartmentView } from '@zibo/domain';
import { type ErrorMessage, errorMessage } from '../../core/feedback/error-message';
import { Notifier } from '../../core/feedback/notifier.service';
import { formDialogConfig } from '../../core/forms/dialog-config';
import { FormDraftStore } from '../../core/forms/form-draft-store';
import { ReferenceData } from '../../core/reference/reference-data.service';
import { AdminListState } from '../../shared/admin-list-state';
import {
  DEPARTMENT_CREATE_DRAFT,
  DepartmentDialog,
  type DepartmentDialogData,
  departmentEditDraft,
} from './department-dialog';
import { DepartmentWebhooksDialog, type DepartmentWebhooksDialogData } from './department-webhooks-dialog';
import { DepartmentsService } from './departments.service';

@Component({
  selector: 'app-departments-page',
  imports: [MatButtonModule, MatIconModule, MatTableModule, MatTooltipModule, TranslocoPipe, AdminListState],
  templateUrl: './departments-page.html',
  styleUrl: '../../shared/admin-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DepartmentsPage {
  private readonly departmentsApi = inject(DepartmentsService);
  private readonly dialog = inject(MatDialog);
  private readonly drafts = inject(FormDraftStore);
  private readonly notifier = inject(Notifier);
  private readonly reference = inject(ReferenceData);

  protected readonly columns = ['code', 'name', 'nameEn', 'active', 'actions'];
  protected readonly departments = signal<DepartmentView[]>([]);
  protected readonly loading = signal(true);
  protected readonly failure = signal<ErrorMessage | null>(null);
  /** Rows with an unsaved edit waiting in a draft. */
  protected readonly withDraft = signal<ReadonlySet<string>>(new Set());

  constructor() {
    this.load();
    // A create form that was being typed when the page went away comes back as it was.
    if (this.drafts.has(DEPARTMENT_CREATE_DRAFT)) {
      this.openCreate();
    }
  }

  protected load(): void {
    this.loading.set(true);
    this.failure.set(null);
    this.departmentsApi.list().subscribe({
      next: (departments) => {
        this.departments.set(departments);
        this.loading.set(false);
        this.refreshDraftMarks();
      },
      error: (error: unknown) => {
        this.failure.set(errorMessage(error));
        this.loading.set(false);
      },
    });
  }

  protected openCreate(): void {
    this.open({}).subscribe((created) => {
      if (created) {
        this.notifier.success('departments.created', { name: created.name });
        // Task pages name departments from the shared list: it must learn about the change.
        this.reference.invalidate();
        this.load();
      }
    });
  }

  protected openEdit(department: DepartmentView): void {
    this.open({ department }).subscribe((saved) => {
      if (saved) {
        this.notifier.success('common.saved');
        this.reference.invalidate();
        this.departments.update((list) => list.map((d) => (d.id === saved.id ? saved : d)));
      }
      this.refreshDraftMarks();
    });
  }

  /** The department's group robots (企业微信 / 钉钉). */
  protected openWebhooks(department: DepartmentView): void {
    this.dialog.open<DepartmentWebhooksDialog, DepartmentWebhooksDialogData>(
      DepartmentWebhooksDialog,
      formDialogConfig({ department }),
    );
  }

  private open(data: DepartmentDialogData) {
    return this.dialog
      .open<DepartmentDialog, DepartmentDialogData, DepartmentView>(DepartmentDialog, formDialogConfig(data))
      .afterClosed();
  }

  private refreshDraftMarks(): void {
    this.withDraft.set(
      new Set(
        this.departments()
          .filter((d) => this.drafts.has(departmentEditDraft(d.id)))
          .map((d) => d.id),
      ),
    );
  }
}
