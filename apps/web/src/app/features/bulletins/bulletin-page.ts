import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { BULLETIN_NARRATIVE_MAX, type BulletinView, TEXT_LIMITS, hasPermission } from '@zibo/domain';
import type { Observable } from 'rxjs';
import { saveFile } from '../../core/api/save-file';
import { AuthService } from '../../core/auth/auth.service';
import { type ErrorMessage, errorMessage } from '../../core/feedback/error-message';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { Notifier } from '../../core/feedback/notifier.service';
import { DateTimePipe, PeriodPipe } from '../../core/i18n/display-format.pipes';
import { LanguageService } from '../../core/i18n/language.service';
import { ConfirmDialog, type ConfirmDialogData } from '../../shared/confirm-dialog';
import { BulletinsService } from './bulletins.service';

/**
 * One bulletin: its figures (kept as drafted), the committee's narrative, and the printed PDF and
 * Word files. While a draft, the committee edits the title and narrative, refreshes the figures
 * from the data and publishes it (then it gets its 文号 and every department reads it).
 */
@Component({
  selector: 'app-bulletin-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    TranslocoPipe,
    ErrorMessagePipe,
    DateTimePipe,
    PeriodPipe,
  ],
  templateUrl: './bulletin-page.html',
  styleUrl: './bulletin-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BulletinPage {
  private readonly api = inject(BulletinsService);
  private readonly auth = inject(AuthService);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);

  /** The route's `:id`. */
  readonly id = input.required<string>();

  protected readonly lang = inject(LanguageService).current;
  protected readonly bulletin = signal<BulletinView | null>(null);
  protected readonly loading = signal(true);
  protected readonly busy = signal(false);
  protected readonly failure = signal<ErrorMessage | null>(null);
  protected readonly narrativeMax = BULLETIN_NARRATIVE_MAX;
  protected readonly titleMax = TEXT_LIMITS.title;
  protected readonly form = inject(NonNullableFormBuilder).group({
    title: ['', [Validators.required, Validators.maxLength(TEXT_LIMITS.title)]],
    narrative: ['', Validators.maxLength(BULLETIN_NARRATIVE_MAX)],
  });
  protected readonly editable = computed(() => {
    const me = this.auth.me();
    return !!me && hasPermission(me.role, 'bulletins:manage') && this.bulletin()?.status === 'draft';
  });
  protected readonly paragraphs = computed(() =>
    (this.bulletin()?.narrative ?? '')
      .split(/\n+/)
      .map((p) => p.trim())
      .filter(Boolean),
  );

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => this.load(id));
    });
  }

  private load(id: string): void {
    this.loading.set(true);
    this.api.get(id).subscribe({
      next: (bulletin) => this.show(bulletin),
      error: (error: unknown) => {
        this.loading.set(false);
        this.failure.set(errorMessage(error));
      },
    });
  }

  private show(bulletin: BulletinView): void {
    this.bulletin.set(bulletin);
    this.form.reset({ title: bulletin.title, narrative: bulletin.narrative });
    this.loading.set(false);
    this.failure.set(null);
  }

  protected save(): void {
    const bulletin = this.bulletin();
    if (!bulletin) return;
    this.run(this.api.update(bulletin, this.form.getRawValue()), 'bulletins.saved');
  }

  protected refresh(): void {
    const bulletin = this.bulletin();
    if (!bulletin) return;
    this.run(this.api.update(bulletin, { ...this.form.getRawValue(), refresh: true }), 'bulletins.refreshed');
  }

  protected publish(): void {
    const bulletin = this.bulletin();
    if (!bulletin) return;
    const data: ConfirmDialogData = {
      title: 'bulletins.publishTitle',
      message: 'bulletins.publishMessage',
      confirm: 'bulletins.publish',
    };
    this.dialog
      .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, { data, maxWidth: '96vw', width: '440px' })
      .afterClosed()
      .subscribe((confirmed) => {
        if (confirmed) this.run(this.api.publish(bulletin), 'bulletins.published');
      });
  }

  protected download(format: 'pdf' | 'docx'): void {
    const bulletin = this.bulletin();
    if (!bulletin) return;
    const name = bulletin.year !== null ? `${bulletin.year}-${bulletin.serial}` : `${bulletin.period}-draft`;
    this.api.file(bulletin, format).subscribe({
      next: (blob) => saveFile(blob, `bulletin-${name}.${format}`),
      error: (error: unknown) => this.notifier.error(error),
    });
  }

  private run(request: Observable<BulletinView>, done: string): void {
    this.busy.set(true);
    request.subscribe({
      next: (bulletin) => {
        this.busy.set(false);
        this.notifier.success(done);
        this.show(bulletin);
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.notifier.error(error);
      },
    });
  }
}
