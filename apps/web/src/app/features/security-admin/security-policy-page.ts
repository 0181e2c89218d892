import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { TranslocoPipe } from '@jsverse/transloco';
import type { SecurityPolicyView } from '@zibo/domain';
import { type ErrorMessage, errorMessage } from '../../core/feedback/error-message';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { SecurityAdminService } from './security-admin.service';

/** The policy in force, as the api is configured: read-only (it changes with the deployment's settings). */
@Component({
  selector: 'app-security-policy-page',
  imports: [MatCardModule, MatIconModule, MatProgressBarModule, TranslocoPipe, ErrorMessagePipe],
  templateUrl: './security-policy-page.html',
  styleUrl: './security-admin.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SecurityPolicyPage {
  protected readonly policy = signal<SecurityPolicyView | null>(null);
  protected readonly failure = signal<ErrorMessage | null>(null);

  constructor() {
    inject(SecurityAdminService)
      .policy()
      .subscribe({
        next: (policy) => this.policy.set(policy),
        error: (error: unknown) => this.failure.set(errorMessage(error)),
      });
  }
}
