import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { type FormControl, type FormGroup, NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { TranslocoPipe } from '@jsverse/transloco';
import {
  type DepartmentView,
  WEBHOOK_KINDS,
  type WebhookKind,
  type WebhookView,
  parseInput,
  putWebhookSchema,
} from '@zibo/domain';
import { isApiError } from '../../core/api/api-error';
import { type ErrorMessage, errorMessage } from '../../core/feedback/error-message';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { Notifier } from '../../core/feedback/notifier.service';
import { FieldErrorPipe } from '../../core/forms/field-error.pipe';
import { applyFieldErrors } from '../../core/forms/field-errors';
import { DepartmentWebhooksService } from './department-webhooks.service';
import { EMPTY_WEBHOOK, robotsByKind, webhookBody } from './webhook-form';

type WebhookForm = FormGroup<{ url: FormControl<string>; secret: FormControl<string> }>;

export interface DepartmentWebhooksDialogData {
  department: DepartmentView;
}

/**
 * A department's group robots (企业微信, 钉钉): urges, notices and reporting deadlines are posted to
 * them. The URL and the secret are typed and sent, never shown again: only the host and a mask.
 */
@Component({
  selector: 'app-department-webhooks-dialog',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    TranslocoPipe,
    ErrorMessagePipe,
    FieldErrorPipe,
  ],
  templateUrl: './department-webhooks-dialog.html',
  styleUrl: './department-webhooks-dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DepartmentWebhooksDialog {
  private readonly api = inject(DepartmentWebhooksService);
  private readonly notifier = inject(Notifier);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly department = inject<DepartmentWebhooksDialogData>(MAT_DIALOG_DATA).department;
  protected readonly kinds = WEBHOOK_KINDS;
  protected readonly robots = signal<Partial<Record<WebhookKind, WebhookView>>>({});
  protected readonly loading = signal(true);
  protected readonly saving = signal<WebhookKind | null>(null);
  protected readonly failure = signal<ErrorMessage | null>(null);
  protected readonly forms: Record<WebhookKind, WebhookForm> = {
    wecom: this.fb.group({ ...EMPTY_WEBHOOK }),
    dingtalk: this.fb.group({ ...EMPTY_WEBHOOK }),
  };

  constructor() {
    this.load();
  }

  protected load(): void {
    this.loading.set(true);
    this.failure.set(null);
    this.api.list(this.department.id).subscribe({
      next: (robots) => {
        this.robots.set(robotsByKind(robots));
        this.loading.set(false);
      },
      error: (error: unknown) => {
        this.failure.set(errorMessage(error));
        this.loading.set(false);
      },
    });
  }

  protected save(kind: WebhookKind): void {
    if (this.saving()) return;
    const form = this.forms[kind];
    const values = form.getRawValue();
    const parsed = parseInput(putWebhookSchema, webhookBody(kind, values));
    if (!parsed.ok) {
      applyFieldErrors(form, parsed.errors);
      return;
    }
    this.saving.set(kind);
    this.failure.set(null);
    this.api.put(this.department.id, kind, parsed.value).subscribe({
      next: (robot) => {
        this.saving.set(null);
        // The URL and the secret leave the page with the request: nothing of them stays in the form.
        form.reset({ ...EMPTY_WEBHOOK });
        this.robots.update((robots) => ({ ...robots, [kind]: robot }));
        this.notifier.success('webhooks.saved');
      },
      error: (error: unknown) => {
        this.saving.set(null);
        const fieldErrors = isApiError(error, 422) || isApiError(error, 400) ? error.fieldErrors : null;
        if (!fieldErrors || applyFieldErrors(form, fieldErrors).length > 0) this.failure.set(errorMessage(error));
      },
    });
  }

  protected remove(kind: WebhookKind): void {
    this.api.remove(this.department.id, kind).subscribe({
      next: () => {
        this.robots.update((robots) => {
          const rest = { ...robots };
          delete rest[kind];
          return rest;
        });
        this.notifier.success('webhooks.removed');
      },
      error: (error: unknown) => this.failure.set(errorMessage(error)),
    });
  }
}
