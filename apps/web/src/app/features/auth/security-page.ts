import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { TranslocoPipe } from '@jsverse/transloco';
import type { TotpConfirmation } from '@zibo/domain';
import { isApiError } from '../../core/api/api-error';
import { AuthService } from '../../core/auth/auth.service';
import { type ErrorMessage, errorMessage } from '../../core/feedback/error-message';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { Notifier } from '../../core/feedback/notifier.service';
import { PASSWORD_MIN_LENGTH, newPasswordProblem } from './new-password-check';
import { RecoveryCodes } from './recovery-codes';
import { TotpEnrolment } from './totp-enrolment';

/** 账号安全: change one's password; turn the second factor on (or off, where the role allows). */
@Component({
  selector: 'app-security-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    TranslocoPipe,
    ErrorMessagePipe,
    RecoveryCodes,
    TotpEnrolment,
  ],
  templateUrl: './security-page.html',
  styles: `
    .title {
      font: var(--mat-sys-headline-small);
      margin: 0 0 16px;
    }
    .sections {
      display: grid;
      gap: 16px;
      max-width: 560px;
    }
    .field,
    .submit {
      width: 100%;
    }
    .failure {
      color: var(--mat-sys-error);
    }
    .status {
      display: flex;
      gap: 8px;
      align-items: center;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SecurityPage {
  private readonly auth = inject(AuthService);
  private readonly notifier = inject(Notifier);
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly me = this.auth.me;
  protected readonly mfa = computed(() => this.me()?.mfa ?? { enabled: false, required: false });
  protected readonly minLength = PASSWORD_MIN_LENGTH;

  protected readonly passwordForm = this.fb.group({ currentPassword: '', newPassword: '', repeated: '' });
  protected readonly passwordFailure = signal<ErrorMessage | null>(null);
  protected readonly savingPassword = signal(false);

  protected readonly enrolling = signal(false);
  protected readonly recoveryCodes = signal<string[] | null>(null);
  protected readonly disableForm = this.fb.group({ code: '' });
  protected readonly mfaFailure = signal<ErrorMessage | null>(null);

  protected changePassword(): void {
    const { currentPassword, newPassword, repeated } = this.passwordForm.getRawValue();
    const problem = currentPassword
      ? newPasswordProblem(newPassword, repeated, this.me()?.username ?? '')
      : 'security.currentRequired';
    if (problem) {
      this.passwordFailure.set({ key: problem, params: { min: PASSWORD_MIN_LENGTH } });
      return;
    }
    this.savingPassword.set(true);
    this.passwordFailure.set(null);
    this.auth.changePassword(currentPassword, newPassword).subscribe({
      next: () => {
        this.savingPassword.set(false);
        this.passwordForm.reset();
        this.notifier.success('security.passwordChanged');
      },
      error: (error: unknown) => {
        this.savingPassword.set(false);
        this.passwordFailure.set(this.describe(error));
      },
    });
  }

  protected enrolled(confirmation: TotpConfirmation): void {
    this.enrolling.set(false);
    this.recoveryCodes.set(confirmation.recoveryCodes);
  }

  protected disable(): void {
    const code = this.disableForm.controls.code.value.trim();
    if (!code) {
      this.mfaFailure.set({ key: 'validation.required' });
      return;
    }
    this.mfaFailure.set(null);
    this.auth.disableSecondFactor(code).subscribe({
      next: () => {
        this.disableForm.reset();
        this.notifier.success('security.mfaDisabled');
      },
      error: (error: unknown) => {
        this.disableForm.reset();
        this.mfaFailure.set(isApiError(error, 422) ? { key: 'security.wrongCode' } : errorMessage(error));
      },
    });
  }

  private describe(error: unknown): ErrorMessage {
    if (isApiError(error, 422)) {
      const code = error.fieldErrors[0]?.code;
      const keys: Record<string, string> = {
        wrong_password: 'security.wrongCurrent',
        common_password: 'security.commonPassword',
        contains_username: 'security.containsUsername',
        same_as_current: 'security.sameAsCurrent',
      };
      if (code && keys[code]) return { key: keys[code] };
    }
    return errorMessage(error);
  }
}
