import { HttpEventType } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { TranslocoPipe } from '@jsverse/transloco';
import type { AttachmentView } from '@zibo/domain';
import { isApiError } from '../../core/api/api-error';
import { type ErrorMessage, errorMessage } from '../../core/feedback/error-message';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { ProgressService } from './progress.service';

/** The api's limit (attachment-policy.ts): files above it are refused with 413. */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
/** What the file picker offers; the api decides by the content, not by this list. */
const ACCEPT = '.pdf,.png,.jpg,.jpeg,.gif,.webp,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods';

interface Upload {
  name: string;
  percent: number;
  done: boolean;
  failure: ErrorMessage | null;
}

/** Why an upload failed, in words the user can act on. */
export function uploadFailure(error: unknown): ErrorMessage {
  if (isApiError(error, 413)) {
    return { key: 'attachments.tooBig' };
  }
  if (isApiError(error, 415)) {
    return { key: 'attachments.wrongType' };
  }
  if (isApiError(error, 409)) {
    return { key: 'attachments.notDraft' };
  }
  return errorMessage(error);
}

/** Picks evidence files and uploads them one by one to a draft, with a progress bar each. */
@Component({
  selector: 'app-attachment-upload',
  imports: [MatButtonModule, MatIconModule, MatProgressBarModule, TranslocoPipe, ErrorMessagePipe],
  template: `
    <input
      #picker
      type="file"
      class="visually-hidden"
      multiple
      [accept]="accept"
      (change)="upload(picker)"
      data-testid="attachment-input"
      tabindex="-1"
      aria-hidden="true"
    />
    <button mat-stroked-button type="button" (click)="picker.click()">
      <mat-icon>attach_file</mat-icon>
      {{ 'attachments.add' | transloco }}
    </button>
    <span class="hint">{{ 'attachments.hint' | transloco }}</span>
    @for (item of uploads(); track $index) {
      <div class="upload" [class.failed]="item.failure">
        <span class="name">{{ item.name }}</span>
        @if (item.failure; as failure) {
          <span role="alert">{{ failure | errorMessage }}</span>
        } @else if (item.done) {
          <span role="status">{{ 'attachments.uploaded' | transloco }}</span>
        } @else {
          <mat-progress-bar mode="determinate" [value]="item.percent" [attr.aria-label]="item.name" />
        }
      </div>
    }
  `,
  styles: `
    .hint {
      margin-inline-start: 12px;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .upload {
      display: grid;
      gap: 4px;
      margin-top: 8px;
      &.failed {
        color: var(--mat-sys-error);
      }
    }
    .name {
      overflow-wrap: anywhere;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AttachmentUpload {
  private readonly progress = inject(ProgressService);

  /**
   * A draft report or contribution, or an open close-out request (办结销号 evidence); null before the
   * record's first save: the files picked then are handed to `picked` instead.
   */
  readonly owner = input.required<{ kind: 'progress' | 'contributions' | 'close-requests'; id: string } | null>();
  readonly uploaded = output<AttachmentView>();
  /** Files picked while there is no record yet: the page saves the draft first, then uploads them. */
  readonly picked = output<File[]>();

  protected readonly accept = ACCEPT;
  protected readonly uploads = signal<Upload[]>([]);

  protected upload(picker: HTMLInputElement): void {
    const files = Array.from(picker.files ?? []);
    // Picking the same file again must fire `change` again.
    picker.value = '';
    this.uploads.set([]);
    if (!this.owner()) {
      if (files.length) this.picked.emit(files);
      return;
    }
    for (const file of files) {
      this.uploadOne(file);
    }
  }

  private uploadOne(file: File): void {
    const index = this.uploads().length;
    this.uploads.update((list) => [...list, { name: file.name, percent: 0, done: false, failure: null }]);
    const patch = (change: Partial<Upload>): void =>
      this.uploads.update((list) => list.map((item, i) => (i === index ? { ...item, ...change } : item)));
    if (file.size > ATTACHMENT_MAX_BYTES) {
      patch({ failure: { key: 'attachments.tooBig' } });
      return;
    }
    const owner = this.owner();
    if (!owner) return;
    this.progress.upload(owner, file).subscribe({
      next: (event) => {
        if (event.type === HttpEventType.UploadProgress) {
          patch({ percent: event.total ? Math.round((100 * event.loaded) / event.total) : 50 });
        } else if (event.type === HttpEventType.Response && event.body) {
          patch({ percent: 100, done: true });
          this.uploaded.emit(event.body);
        }
      },
      error: (error: unknown) => patch({ failure: uploadFailure(error) }),
    });
  }
}
