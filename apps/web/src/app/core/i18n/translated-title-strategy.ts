import { DestroyRef, Injectable, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Title } from '@angular/platform-browser';
import { type RouterStateSnapshot, TitleStrategy } from '@angular/router';
import { TranslocoService } from '@jsverse/transloco';

/**
 * Route `title`s are translation keys. The document title reads "<page> · <app name>" in the UI
 * language and follows a language switch, so screen readers and browser tabs name the page.
 */
@Injectable({ providedIn: 'root' })
export class TranslatedTitleStrategy extends TitleStrategy {
  private readonly title = inject(Title);
  private readonly transloco = inject(TranslocoService);
  private pageKey: string | undefined;

  constructor() {
    super();
    this.transloco.langChanges$.pipe(takeUntilDestroyed(inject(DestroyRef))).subscribe(() => this.render());
  }

  override updateTitle(snapshot: RouterStateSnapshot): void {
    this.pageKey = this.buildTitle(snapshot);
    this.render();
  }

  private render(): void {
    const app = this.transloco.translate('app.name');
    this.title.setTitle(this.pageKey ? `${this.transloco.translate(this.pageKey)} · ${app}` : app);
  }
}
