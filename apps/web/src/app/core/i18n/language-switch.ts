import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { TranslocoPipe } from '@jsverse/transloco';
import type { Language } from '@zibo/domain';
import { Notifier } from '../feedback/notifier.service';
import { LanguageService } from './language.service';

/**
 * One button that offers the other language, labelled in that language so anyone can find it.
 * A native title rather than a Material tooltip: the sign-in page then needs no overlay code.
 */
@Component({
  selector: 'app-language-switch',
  imports: [MatButtonModule, MatIconModule, TranslocoPipe],
  template: `
    <button
      mat-button
      type="button"
      class="language-switch"
      [attr.lang]="other()"
      [title]="'language.switch' | transloco"
      (click)="switchLanguage()"
    >
      <mat-icon>translate</mat-icon>
      {{ other() === 'en' ? 'English' : '中文' }}
    </button>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LanguageSwitch {
  private readonly language = inject(LanguageService);
  private readonly notifier = inject(Notifier);

  protected readonly other = computed<Language>(() => (this.language.current() === 'en' ? 'zh-CN' : 'en'));

  protected switchLanguage(): void {
    this.language.switchTo(this.other()).subscribe({
      // The UI already switched; only saving the preference failed.
      error: (error: unknown) => this.notifier.error(error),
    });
  }
}
