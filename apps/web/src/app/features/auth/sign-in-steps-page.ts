import { ChangeDetectionStrategy, Component, type OnInit, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import type { TotpConfirmation } from '@zibo/domain';
import { isApiError } from '../../core/api/api-error';
import { AuthService, type SignInProgress } from '../../core/auth/auth.service';
import { type ErrorMessage, errorMessage, minutesToWait } from '../../core/feedback/error-message';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { LanguageSwitch } from '../../core/i18n/language-switch';
import type { Observable } from 'rxjs';
import { PASSWORD_MIN_LENGTH, newPasswordProblem } from './new-password-check';
import { RecoveryCodes } from './recovery-codes';
import { SignInFlow } from './sign-in-flow';
import { TotpEnrolment } from './totp-enrolment';

/** The steps of a sign-in after the password: the code, a forced new password, enrolment. */
@Component({
  selector: 'app-sign-in-steps-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    TranslocoPipe,
    ErrorMessagePipe,
    LanguageSwitch,
    RecoveryCodes,
    TotpEnrolment,
  ],
  templateUrl: './sign-in-steps-page.html',
  styleUrl: './login-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignInStepsPage implements OnInit {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  protected readonly flow = inject(SignInFlow);
  protected readonly step = this.flow.step;
  protected readonly minLength = PASSWORD_MIN_LENGTH;

  protected readonly busy = signal(false);
  protected readonly failure = signal<ErrorMessage | null>(null);
  protected readonly recoveryCodes = signal<string[] | null>(null);
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly codeForm = this.fb.group({ code: '' });
  protected readonly passwordForm = this.fb.group({ newPassword: '', repeated: '' });

  ngOnInit(): void {
    // A reload loses the step's token: start the sign-in again.
    if (!this.step()) {
      void this.router.navigateByUrl('/login');
    }
  }

  protected verifyCode(mfaToken: string): void {
    const code = this.codeForm.controls.code.value.trim();
    if (!code) {
      this.failure.set({ key: 'validation.required' });
      return;
    }
    this.run(this.auth.verifyCode(mfaToken, code), () => this.codeForm.reset(), 'security.wrongCode');
  }

  protected changePassword(changeToken: string): void {
    const { newPassword, repeated } = this.passwordForm.getRawValue();
    const problem = newPasswordProblem(newPassword, repeated, this.flow.username);
    if (problem) {
      this.failure.set({ key: problem, params: { min: PASSWORD_MIN_LENGTH } });
      return;
    }
    this.run(this.auth.changeExpiredPassword(changeToken, newPassword), () => undefined);
  }

  /** Enrolled: the session has started; show the recovery codes once before going on. */
  protected enrolled(confirmation: TotpConfirmation): void {
    this.recoveryCodes.set(confirmation.recoveryCodes);
  }

  protected continueToApp(): void {
    this.flow.step.set(null);
    void this.router.navigateByUrl(this.flow.destination());
  }

  protected startOver(): void {
    this.flow.step.set(null);
    void this.router.navigateByUrl('/login');
  }

  private run(request: Observable<SignInProgress>, onFailure: () => void, wrongKey?: string): void {
    if (this.busy()) return;
    this.busy.set(true);
    this.failure.set(null);
    request.subscribe({
      next: (progress) => {
        this.busy.set(false);
        this.passwordForm.reset();
        this.flow.follow(progress);
      },
      error: (error: unknown) => {
        this.busy.set(false);
        onFailure();
        this.failure.set(this.describe(error, wrongKey));
      },
    });
  }

  private describe(error: unknown, wrongKey?: string): ErrorMessage {
    if (isApiError(error, 429)) {
      return { key: 'login.lockedOut', params: { minutes: minutesToWait(error.retryAfterSeconds) } };
    }
    if (isApiError(error, 401)) return wrongKey ? { key: wrongKey } : { key: 'security.stepExpired' };
    if (isApiError(error, 422)) {
      const code = error.fieldErrors[0]?.code;
      if (code === 'common_password') return { key: 'security.commonPassword' };
      if (code === 'contains_username') return { key: 'security.containsUsername' };
      if (code === 'same_as_current') return { key: 'security.sameAsCurrent' };
    }
    return errorMessage(error);
  }
}
