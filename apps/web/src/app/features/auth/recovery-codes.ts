import { ChangeDetectionStrategy, Component, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { TranslocoPipe } from '@jsverse/transloco';
import { saveFile } from '../../core/api/save-file';

/** The ten recovery codes, shown once: copy them, download them, then go on. */
@Component({
  selector: 'app-recovery-codes',
  imports: [MatButtonModule, MatIconModule, TranslocoPipe],
  template: `
    <h2 class="heading">{{ 'security.recoveryCodesTitle' | transloco }}</h2>
    <p class="hint">{{ 'security.recoveryCodesHint' | transloco }}</p>
    <ol class="codes" data-testid="recovery-codes">
      @for (code of codes(); track code) {
        <li>{{ code }}</li>
      }
    </ol>
    <div class="actions">
      <button mat-stroked-button type="button" (click)="copy()">
        <mat-icon>content_copy</mat-icon>
        {{ (copied() ? 'security.copied' : 'security.copyCodes') | transloco }}
      </button>
      <button mat-stroked-button type="button" (click)="download()">
        <mat-icon>download</mat-icon>
        {{ 'security.downloadCodes' | transloco }}
      </button>
    </div>
    <button mat-flat-button type="button" class="done" (click)="done.emit()">
      {{ 'security.codesSaved' | transloco }}
    </button>
  `,
  styles: `
    .heading {
      font: var(--mat-sys-title-medium);
      margin: 0 0 8px;
    }
    .hint {
      color: var(--mat-sys-on-surface-variant);
    }
    .codes {
      display: grid;
      grid-template-columns: repeat(2, auto);
      gap: 4px 24px;
      font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
      font-size: 16px;
      padding-inline-start: 24px;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      margin: 8px 0 16px;
    }
    .done {
      width: 100%;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RecoveryCodes {
  readonly codes = input.required<string[]>();
  readonly username = input('');
  readonly done = output();
  protected readonly copied = signal(false);

  private text(): string {
    return `${this.codes().join('\n')}\n`;
  }

  protected copy(): void {
    void navigator.clipboard?.writeText(this.text()).then(() => this.copied.set(true));
  }

  protected download(): void {
    const name = this.username() ? `recovery-codes-${this.username()}.txt` : 'recovery-codes.txt';
    saveFile(new Blob([this.text()], { type: 'text/plain;charset=utf-8' }), name);
  }
}
