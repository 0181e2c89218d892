import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { TranslocoPipe } from '@jsverse/transloco';
import { saveFile } from '../../core/api/save-file';
import { type ErrorMessage, errorMessage } from '../../core/feedback/error-message';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { DateTimePipe } from '../../core/i18n/display-format.pipes';
import { AuditTabs } from './audit-tabs';
import { AuditService } from './audit.service';
import type { CheckpointView, VerifyResultView } from './audit.types';

/** Verifies the audit chain on demand, lists the signed checkpoints and hands out the public key. */
@Component({
  selector: 'app-audit-verify-page',
  imports: [
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    TranslocoPipe,
    ErrorMessagePipe,
    DateTimePipe,
    AuditTabs,
  ],
  templateUrl: './audit-verify-page.html',
  styleUrl: './audit-verify-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AuditVerifyPage {
  private readonly api = inject(AuditService);

  protected readonly result = signal<VerifyResultView | null>(null);
  protected readonly verifiedAt = signal<Date | null>(null);
  protected readonly verifying = signal(false);
  protected readonly verifyFailure = signal<ErrorMessage | null>(null);
  protected readonly checkpoints = signal<CheckpointView[]>([]);
  protected readonly checkpointsLoading = signal(true);
  protected readonly checkpointsFailure = signal<ErrorMessage | null>(null);
  protected readonly keyFailure = signal<ErrorMessage | null>(null);
  protected readonly keyLoading = signal(false);

  constructor() {
    this.loadCheckpoints();
  }

  protected verify(): void {
    if (this.verifying()) {
      return;
    }
    this.verifying.set(true);
    this.verifyFailure.set(null);
    this.result.set(null);
    this.api.verify().subscribe({
      next: (result) => {
        this.result.set(result);
        this.verifiedAt.set(new Date());
        this.verifying.set(false);
        // A verification may have taken a new checkpoint.
        this.loadCheckpoints();
      },
      error: (error: unknown) => {
        this.verifyFailure.set(errorMessage(error));
        this.verifying.set(false);
      },
    });
  }

  protected loadCheckpoints(): void {
    this.checkpointsLoading.set(true);
    this.checkpointsFailure.set(null);
    this.api.checkpoints().subscribe({
      next: (checkpoints) => {
        // Newest first: the one verification compares with is on top.
        this.checkpoints.set([...checkpoints].sort((a, b) => b.seq - a.seq));
        this.checkpointsLoading.set(false);
      },
      error: (error: unknown) => {
        this.checkpointsFailure.set(errorMessage(error));
        this.checkpointsLoading.set(false);
      },
    });
  }

  protected downloadPublicKey(): void {
    this.keyLoading.set(true);
    this.keyFailure.set(null);
    this.api.publicKey().subscribe({
      next: (pem) => {
        this.keyLoading.set(false);
        saveFile(new Blob([pem], { type: 'application/x-pem-file' }), 'key.pem');
      },
      error: (error: unknown) => {
        this.keyLoading.set(false);
        this.keyFailure.set(errorMessage(error));
      },
    });
  }
}
