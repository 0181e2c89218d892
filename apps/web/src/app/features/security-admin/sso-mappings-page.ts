import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { TranslocoPipe } from '@jsverse/transloco';
import { type OidcMappingView, ROLES, type Role, isDepartmentRole } from '@zibo/domain';
import { isApiError } from '../../core/api/api-error';
import { type ErrorMessage, errorMessage } from '../../core/feedback/error-message';
import { Notifier } from '../../core/feedback/notifier.service';
import { FieldErrorPipe } from '../../core/forms/field-error.pipe';
import { applyFieldErrors } from '../../core/forms/field-errors';
import { ReferenceData } from '../../core/reference/reference-data.service';
import { AdminListState } from '../../shared/admin-list-state';
import { SecurityAdminService } from './security-admin.service';

/**
 * The single sign-on mapping table: which value of the provider's claim gives which role and
 * department to the accounts it provisions. Kept by the security administrator.
 */
/** The role a new mapping starts with (the most common one). */
const NEW_MAPPING_ROLE: Role = 'dept_staff';

@Component({
  selector: 'app-sso-mappings-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
    MatTableModule,
    TranslocoPipe,
    AdminListState,
    FieldErrorPipe,
  ],
  templateUrl: './sso-mappings-page.html',
  styleUrl: './security-admin.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SsoMappingsPage {
  private readonly api = inject(SecurityAdminService);
  private readonly notifier = inject(Notifier);
  private readonly reference = inject(ReferenceData);

  protected readonly roles = ROLES;
  protected readonly columns = ['claimValue', 'role', 'department', 'actions'];
  protected readonly mappings = signal<OidcMappingView[]>([]);
  protected readonly loading = signal(true);
  protected readonly saving = signal(false);
  protected readonly failure = signal<ErrorMessage | null>(null);
  protected readonly departments = this.reference.departments;
  protected readonly departmentNames = this.reference.departmentNames;

  protected readonly form = inject(NonNullableFormBuilder).group({
    claimValue: '',
    role: NEW_MAPPING_ROLE,
    departmentId: '',
  });
  private readonly role = toSignal(this.form.controls.role.valueChanges, {
    initialValue: this.form.controls.role.value,
  });
  protected readonly needsDepartment = computed(() => isDepartmentRole(this.role()));

  constructor() {
    this.reference.load().subscribe({ error: () => undefined });
    this.load();
  }

  protected load(): void {
    this.loading.set(true);
    this.failure.set(null);
    this.api.mappings().subscribe({
      next: (mappings) => {
        this.mappings.set(mappings);
        this.loading.set(false);
      },
      error: (error: unknown) => {
        this.failure.set(errorMessage(error));
        this.loading.set(false);
      },
    });
  }

  protected create(): void {
    if (this.saving()) {
      return;
    }
    const { claimValue, role, departmentId } = this.form.getRawValue();
    this.saving.set(true);
    this.failure.set(null);
    this.api
      .createMapping({
        claimValue: claimValue.trim(),
        role,
        departmentId: isDepartmentRole(role) ? departmentId || null : null,
      })
      .subscribe({
        next: (created) => {
          this.saving.set(false);
          this.form.reset();
          this.mappings.update((list) => [...list, created].sort((a, b) => a.claimValue.localeCompare(b.claimValue)));
          this.notifier.success('ssoMappings.created', { value: created.claimValue });
        },
        error: (error: unknown) => {
          this.saving.set(false);
          const unmatched =
            isApiError(error, 422) || isApiError(error, 400) ? applyFieldErrors(this.form, error.fieldErrors) : [];
          if (!(isApiError(error, 422) || isApiError(error, 400)) || unmatched.length > 0) {
            this.failure.set(errorMessage(error));
          }
        },
      });
  }

  protected remove(mapping: OidcMappingView): void {
    this.api.removeMapping(mapping).subscribe({
      next: () => {
        this.mappings.update((list) => list.filter((m) => m.id !== mapping.id));
        this.notifier.success('ssoMappings.removed', { value: mapping.claimValue });
      },
      error: (error: unknown) => this.failure.set(errorMessage(error)),
    });
  }
}
