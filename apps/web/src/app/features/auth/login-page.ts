import { HttpClient } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  type OnInit,
  PendingTasks,
  computed,
  inject,
  input,
  signal,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { TranslocoPipe } from '@jsverse/transloco';
import { type AuthPolicyView, type OidcConfigView, SSO_ERROR_CODES, type SsoErrorCode } from '@zibo/domain';
import { catchError, of } from 'rxjs';
import { AUTH_POLICY_PATH, OIDC_CONFIG_PATH, OIDC_LOGIN_PATH } from '../../core/api/api-paths';
import { isApiError } from '../../core/api/api-error';
import { AuthService } from '../../core/auth/auth.service';
import type { ErrorMessage } from '../../core/feedback/error-message';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { FieldErrorPipe } from '../../core/forms/field-error.pipe';
import { applyFieldErrors } from '../../core/forms/field-errors';
import { LanguageSwitch } from '../../core/i18n/language-switch';
import { SignInFlow } from './sign-in-flow';
import { signInErrorMessage } from './sign-in-error';

@Component({
  selector: 'app-login-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    TranslocoPipe,
    ErrorMessagePipe,
    FieldErrorPipe,
    LanguageSwitch,
  ],
  templateUrl: './login-page.html',
  styleUrl: './login-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LoginPage implements OnInit {
  private readonly auth = inject(AuthService);
  private readonly pendingTasks = inject(PendingTasks);
  private readonly flow = inject(SignInFlow);
  // zod (about 90 kB) is needed only to check what was typed: it loads when the user starts on
  // the form, not before the page can show.
  private loginInput: Promise<typeof import('./login-input')> | null = null;

  /** Query parameters: where to go afterwards, and why the user was sent here. */
  readonly returnUrl = input<string>();
  readonly reason = input<string>();
  /** Back from single sign-on: `continue` (a step follows, its token in the fragment) or why it failed. */
  readonly sso = input<string>();

  protected readonly ssoLoginUrl = OIDC_LOGIN_PATH;
  /** Whether the zone's identity provider is configured (the button shows only then). */
  protected readonly ssoEnabled = toSignal(
    inject(HttpClient)
      .get<OidcConfigView>(OIDC_CONFIG_PATH)
      .pipe(catchError(() => of({ enabled: false }))),
    { initialValue: { enabled: false } },
  );

  protected readonly form = inject(NonNullableFormBuilder).group({ username: '', password: '' });
  protected readonly busy = signal(false);
  protected readonly failure = signal<ErrorMessage | null>(null);
  protected readonly showPassword = signal(false);
  protected readonly notice = computed<ErrorMessage | null>(() => {
    switch (this.reason()) {
      case 'expired':
        return { key: 'login.sessionExpired' };
      case 'offline':
        return { key: 'errors.network' };
      case 'idle':
        return { key: 'login.signedOutIdle' };
      default:
        break;
    }
    const sso = this.sso();
    return SSO_ERROR_CODES.includes(sso as SsoErrorCode) ? { key: `login.ssoErrors.${sso}` } : null;
  });

  /** Whether the seeded demo accounts skip the second factor (the page says so). */
  protected readonly policy = toSignal(
    inject(HttpClient)
      .get<AuthPolicyView>(AUTH_POLICY_PATH)
      .pipe(catchError(() => of(null))),
    { initialValue: null },
  );

  ngOnInit(): void {
    if (this.sso() !== 'continue') {
      return;
    }
    // The identity provider signed the user in; the account's own step follows (its token came in the
    // fragment, which no server sees). Forget the fragment at once, then go on as after a password.
    const fragment = new URLSearchParams(window.location.hash.slice(1));
    history.replaceState(history.state, '', window.location.pathname);
    const mfaToken = fragment.get('mfaToken');
    const enrolToken = fragment.get('enrolToken');
    this.flow.start('', this.returnUrl() ?? null);
    if (mfaToken) {
      this.flow.follow({ mfaRequired: true, mfaToken });
    } else if (enrolToken) {
      this.flow.follow({ mfaEnrolmentRequired: true, enrolToken });
    }
  }

  protected loadInputCheck(): Promise<typeof import('./login-input')> {
    return (this.loginInput ??= import('./login-input'));
  }

  protected signIn(): void {
    if (this.busy()) {
      return;
    }
    this.failure.set(null);
    this.busy.set(true);
    // A pending task, so the app counts as busy (and tests wait) while the check loads.
    this.pendingTasks.run(() =>
      this.loadInputCheck().then(
        (check) => this.submit(check),
        () => {
          // The check could not be fetched: the server is out of reach. Try again on the next click.
          this.loginInput = null;
          this.busy.set(false);
          this.failure.set({ key: 'errors.network' });
        },
      ),
    );
  }

  private submit({ loginSchema, parseInput }: typeof import('./login-input')): void {
    const parsed = parseInput(loginSchema, this.form.getRawValue());
    if (!parsed.ok) {
      this.busy.set(false);
      applyFieldErrors(this.form, parsed.errors);
      return;
    }
    this.flow.start(parsed.value.username, this.returnUrl() ?? null);
    this.auth.signIn(parsed.value).subscribe({
      next: (progress) => {
        this.form.controls.password.reset();
        this.flow.follow(progress);
      },
      error: (error: unknown) => {
        this.busy.set(false);
        const unmatched = isApiError(error, 400) ? applyFieldErrors(this.form, error.fieldErrors) : [];
        if (!isApiError(error, 400) || unmatched.length > 0) {
          this.failure.set(signInErrorMessage(error));
        }
        if (isApiError(error, 401)) {
          // Keep the name, clear the secret: the usual next step is to retype the password.
          this.form.controls.password.reset();
        }
      },
    });
  }
}
