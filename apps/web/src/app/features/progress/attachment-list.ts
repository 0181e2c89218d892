import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { TranslocoPipe } from '@jsverse/transloco';
import type { AttachmentView } from '@zibo/domain';
import { saveFile } from '../../core/api/save-file';
import { Notifier } from '../../core/feedback/notifier.service';
import { DateTimePipe, FileSizePipe } from '../../core/i18n/display-format.pipes';
import { ProgressService } from './progress.service';

/** Evidence files of a report or contribution, each downloadable with the user's token. */
@Component({
  selector: 'app-attachment-list',
  imports: [MatButtonModule, MatIconModule, MatProgressSpinnerModule, TranslocoPipe, DateTimePipe, FileSizePipe],
  template: `
    @if (attachments().length === 0) {
      <p class="none">{{ 'attachments.none' | transloco }}</p>
    } @else {
      <ul class="files">
        @for (file of attachments(); track file.id) {
          <li class="file" data-testid="attachment">
            <mat-icon aria-hidden="true">{{
              file.contentType.startsWith('image/') ? 'image' : 'description'
            }}</mat-icon>
            <div class="name">
              <div class="file-name">{{ file.fileName }}</div>
              <div class="meta">
                {{ file.size | fileSize }} · {{ file.uploadedAt | dateTime }} ·
                <span class="hash" [title]="file.sha256">SHA-256 {{ file.sha256.slice(0, 12) }}…</span>
              </div>
            </div>
            <button
              mat-icon-button
              type="button"
              (click)="download(file)"
              [disabled]="downloading() === file.id"
              [attr.aria-label]="('attachments.download' | transloco) + ' ' + file.fileName"
            >
              @if (downloading() === file.id) {
                <mat-spinner diameter="20" />
              } @else {
                <mat-icon>download</mat-icon>
              }
            </button>
            @if (removableRevision() === file.revision) {
              <button
                mat-icon-button
                type="button"
                (click)="remove(file)"
                [disabled]="removing() === file.id"
                [attr.aria-label]="('attachments.remove' | transloco) + ' ' + file.fileName"
                data-testid="attachment-remove"
              >
                <mat-icon>delete</mat-icon>
              </button>
            }
          </li>
        }
      </ul>
    }
  `,
  styles: `
    .none {
      color: var(--mat-sys-on-surface-variant);
      margin: 4px 0;
    }
    .files {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .file {
      display: flex;
      align-items: center;
      gap: 8px;
      padding: 6px 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .name {
      flex: 1;
      min-width: 0;
    }
    .file-name {
      overflow-wrap: anywhere;
    }
    .meta {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .hash {
      font-family: ui-monospace, Menlo, Consolas, monospace;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AttachmentList {
  private readonly progress = inject(ProgressService);
  private readonly notifier = inject(Notifier);

  readonly attachments = input.required<readonly AttachmentView[]>();
  /** Files of this revision (the current draft's) may be removed; null: none. */
  readonly removableRevision = input<number | null>(null);
  readonly removed = output<AttachmentView>();
  protected readonly downloading = signal<string | null>(null);
  protected readonly removing = signal<string | null>(null);

  protected remove(file: AttachmentView): void {
    this.removing.set(file.id);
    this.progress.removeAttachment(file).subscribe({
      next: () => {
        this.removing.set(null);
        this.removed.emit(file);
      },
      error: (error: unknown) => {
        this.removing.set(null);
        this.notifier.error(error);
      },
    });
  }

  protected download(file: AttachmentView): void {
    this.downloading.set(file.id);
    this.progress.download(file).subscribe({
      next: (blob) => {
        this.downloading.set(null);
        saveFile(blob, file.fileName);
      },
      error: (error: unknown) => {
        this.downloading.set(null);
        this.notifier.error(error);
      },
    });
  }
}
