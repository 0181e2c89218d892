import { Injectable, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import type { PasswordChangeReason } from '@zibo/domain';
import type { SignInProgress } from '../../core/auth/auth.service';
import { afterSignInUrl } from '../../core/auth/sign-in-redirect';

/** The step of a sign-in after the password, with the short-lived token that step needs. */
export type SignInStep =
  | { kind: 'mfa'; mfaToken: string }
  | { kind: 'password'; changeToken: string; reason: PasswordChangeReason }
  | { kind: 'enrol'; enrolToken: string };

/**
 * A sign-in in progress: which step comes next and where to go in the end. Kept in memory only:
 * after a reload the step tokens are gone and the sign-in starts again.
 */
@Injectable({ providedIn: 'root' })
export class SignInFlow {
  private readonly router = inject(Router);
  readonly step = signal<SignInStep | null>(null);
  username = '';
  returnUrl: string | null = null;

  start(username: string, returnUrl: string | null): void {
    this.username = username;
    this.returnUrl = returnUrl;
    this.step.set(null);
  }

  /** Goes where a step led: into the app, or to the next step's page. */
  follow(progress: SignInProgress): void {
    const next = stepOf(progress);
    this.step.set(next);
    void this.router.navigateByUrl(next ? '/login/next' : this.destination());
  }

  /** Where the app opens once signed in: the page asked for, else the start page. */
  destination(): string {
    return afterSignInUrl(this.returnUrl);
  }
}

function stepOf(progress: SignInProgress): SignInStep | null {
  if ('mfaRequired' in progress) return { kind: 'mfa', mfaToken: progress.mfaToken };
  if ('passwordChangeRequired' in progress) {
    return { kind: 'password', changeToken: progress.changeToken, reason: progress.reason };
  }
  if ('mfaEnrolmentRequired' in progress) return { kind: 'enrol', enrolToken: progress.enrolToken };
  return null;
}
