import { DOCUMENT } from '@angular/common';
import { Injectable, effect, inject, signal, untracked } from '@angular/core';
import { TranslocoService } from '@jsverse/transloco';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '@zibo/domain';
import { type Observable, firstValueFrom, map, of, switchMap } from 'rxjs';
import { AuthService } from '../auth/auth.service';
import { BROWSER_STORAGE, STORAGE_PREFIX } from '../storage/browser-storage';

const LANGUAGE_KEY = `${STORAGE_PREFIX}language`;

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The UI language. Before sign-in it is remembered in localStorage; once signed in, the user's
 * preference from `/api/me` wins and a switch is saved there too (`PATCH /api/me`).
 */
@Injectable({ providedIn: 'root' })
export class LanguageService {
  private readonly transloco = inject(TranslocoService);
  private readonly auth = inject(AuthService);
  private readonly storage = inject(BROWSER_STORAGE);
  private readonly document = inject(DOCUMENT);
  private readonly currentState = signal<Language>(DEFAULT_LANGUAGE);

  readonly current = this.currentState.asReadonly();

  constructor() {
    // Whenever a profile arrives (sign-in, reload), adopt the language the user chose.
    effect(() => {
      const me = this.auth.me();
      if (me && isLanguage(me.language)) {
        untracked(() => void this.apply(me.language));
      }
    });
  }

  /** The language to start with, loaded before the first screen renders (no flash of keys). */
  initialize(): Promise<void> {
    const stored = this.storage.getItem(LANGUAGE_KEY);
    return this.apply(isLanguage(stored) ? stored : DEFAULT_LANGUAGE);
  }

  /** Switches now; for a signed-in user also saves the preference on the server. */
  switchTo(language: Language): Observable<void> {
    return this.load(language).pipe(
      map(() => this.activate(language)),
      switchMap(() =>
        this.auth.signedIn() ? this.auth.updateLanguage(language).pipe(map(() => undefined)) : of(undefined),
      ),
    );
  }

  private async apply(language: Language): Promise<void> {
    await firstValueFrom(this.load(language));
    this.activate(language);
  }

  private load(language: Language): Observable<unknown> {
    return this.transloco.load(language);
  }

  private activate(language: Language): void {
    this.transloco.setActiveLang(language);
    this.currentState.set(language);
    this.storage.setItem(LANGUAGE_KEY, language);
    // Screen readers and the browser's font choice follow the page language.
    this.document.documentElement.lang = language;
  }
}
