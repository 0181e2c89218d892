import { ChangeDetectionStrategy, Component, type OnInit, inject, input, output, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TranslocoPipe } from '@jsverse/transloco';
import type { TotpConfirmation, TotpEnrolmentView } from '@zibo/domain';
import { isApiError } from '../../core/api/api-error';
import { AuthService } from '../../core/auth/auth.service';
import type { ErrorMessage } from '../../core/feedback/error-message';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { errorMessage } from '../../core/feedback/error-message';

/**
 * Enrolling an authenticator app: the QR code (and the secret to type in by hand), then a code from
 * the app to confirm it. Works signed in, or with a sign-in's enrolment token.
 */
@Component({
  selector: 'app-totp-enrolment',
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, TranslocoPipe, ErrorMessagePipe],
  template: `
    <ol class="steps">
      <li>{{ 'security.enrolScan' | transloco }}</li>
      <li>{{ 'security.enrolConfirm' | transloco }}</li>
    </ol>
    @if (enrolment(); as enrolment) {
      <img class="qr" [src]="enrolment.qrCode" [alt]="'security.qrAlt' | transloco" width="200" height="200" />
      <p class="secret-label">{{ 'security.secretLabel' | transloco }}</p>
      <p class="secret" data-testid="totp-secret">{{ enrolment.secret }}</p>
      <form [formGroup]="form" (ngSubmit)="confirm()" novalidate>
        <mat-form-field class="field">
          <mat-label>{{ 'security.code' | transloco }}</mat-label>
          <input matInput formControlName="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" />
        </mat-form-field>
        @if (failure(); as failure) {
          <p class="failure" role="alert">{{ failure | errorMessage }}</p>
        }
        <button mat-flat-button type="submit" class="submit" [disabled]="busy()">
          {{ 'security.enable' | transloco }}
        </button>
      </form>
    } @else if (failure(); as failure) {
      <p class="failure" role="alert">{{ failure | errorMessage }}</p>
    }
  `,
  styles: `
    .steps {
      padding-inline-start: 20px;
      color: var(--mat-sys-on-surface-variant);
    }
    .qr {
      display: block;
      margin: 8px auto;
      image-rendering: pixelated;
    }
    .secret-label {
      margin: 8px 0 0;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .secret {
      font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
      word-break: break-all;
      margin: 4px 0 16px;
    }
    .field,
    .submit {
      width: 100%;
    }
    .failure {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TotpEnrolment implements OnInit {
  private readonly auth = inject(AuthService);
  /** The enrolment token of a sign-in; none when signed in. */
  readonly enrolToken = input<string>();
  readonly confirmed = output<TotpConfirmation>();

  protected readonly enrolment = signal<TotpEnrolmentView | null>(null);
  protected readonly busy = signal(false);
  protected readonly failure = signal<ErrorMessage | null>(null);
  protected readonly form = inject(NonNullableFormBuilder).group({ code: ['', Validators.required] });

  ngOnInit(): void {
    this.auth.beginEnrolment(this.enrolToken()).subscribe({
      next: (enrolment) => this.enrolment.set(enrolment),
      error: (error: unknown) => this.failure.set(errorMessage(error)),
    });
  }

  protected confirm(): void {
    const code = this.form.controls.code.value.replace(/\s+/g, '');
    if (!/^\d{6}$/.test(code) || this.busy()) {
      this.failure.set({ key: 'security.codeFormat' });
      return;
    }
    this.busy.set(true);
    this.failure.set(null);
    this.auth.confirmEnrolment(code, this.enrolToken()).subscribe({
      next: (confirmation) => {
        this.busy.set(false);
        this.confirmed.emit(confirmation);
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.form.controls.code.reset();
        this.failure.set(isApiError(error, 422) ? { key: 'security.wrongCode' } : errorMessage(error));
      },
    });
  }
}
