import { DestroyRef, Injectable, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { FormGroup } from '@angular/forms';
import { AuthService } from '../auth/auth.service';
import { BROWSER_STORAGE, STORAGE_PREFIX } from '../storage/browser-storage';
import { changedFields } from './changed-fields';

type FormValues = Record<string, unknown>;

interface StoredDraft {
  savedAt: number;
  changes: FormValues;
}

/** Drafts older than this are assumed abandoned and dropped. */
export const DRAFT_MAX_AGE_MS = 14 * 24 * 60 * 60 * 1000;

export interface DraftOptions {
  /** Fields never written to storage (passwords). */
  exclude?: readonly string[];
  destroyRef?: DestroyRef;
  /**
   * Called with the values about to be put into the form (a restored draft, a rebase, a discard),
   * so that forms with FormArrays can first add or remove rows: `patchValue` only fills rows that exist.
   */
  resize?: (values: FormValues) => void;
}

/** A form bound to its stored draft. */
export interface FormDraft {
  /** True when values typed in an earlier visit were put back into the form. */
  readonly restored: boolean;
  /**
   * Moves the draft onto a newer version of the record (after a 412): fields the user changed keep
   * the user's value, the others take the new values.
   */
  rebase(newBase: FormValues): void;
  /** The user gives up the draft: the form goes back to its starting values. */
  discard(): void;
  /** After a successful save: nothing left to keep. */
  clear(): void;
}

/**
 * Keeps what someone typed into a form in localStorage, as they type, so a reload, a crash or an
 * expired session does not lose it. Only the changes against the form's starting values are
 * stored, which lets an edit draft be re-applied on top of a newer version of the record.
 * Drafts are kept per signed-in user, so a shared computer does not show one user's draft to another.
 */
@Injectable({ providedIn: 'root' })
export class FormDraftStore {
  private readonly storage = inject(BROWSER_STORAGE);
  private readonly auth = inject(AuthService);

  /**
   * Restores the draft stored under `key` into `form` and saves every later change. Call it in an
   * injection context (a component field or constructor) or pass `destroyRef`.
   */
  attach(form: FormGroup, key: string, options: DraftOptions = {}): FormDraft {
    const exclude = options.exclude ?? [];
    const resize = options.resize ?? (() => undefined);
    const destroyRef = options.destroyRef ?? inject(DestroyRef);
    const storageKey = this.storageKey(key);
    let base: FormValues = form.getRawValue() as FormValues;

    const stored = this.read(storageKey);
    const restoredChanges = stored ? this.applicable(form, stored.changes, exclude) : {};
    const restored = Object.keys(restoredChanges).length > 0;
    if (restored) {
      resize({ ...base, ...restoredChanges });
      form.patchValue(restoredChanges);
      form.markAsDirty();
    }

    const save = (): void => {
      const changes = changedFields(form.getRawValue() as FormValues, base, exclude);
      if (Object.keys(changes).length === 0) {
        this.storage.removeItem(storageKey);
      } else {
        this.write(storageKey, { savedAt: Date.now(), changes });
      }
    };
    form.valueChanges.pipe(takeUntilDestroyed(destroyRef)).subscribe(save);

    return {
      restored,
      rebase: (newBase) => {
        const changes = changedFields(form.getRawValue() as FormValues, base, exclude);
        base = { ...base, ...newBase };
        resize({ ...base, ...changes });
        form.patchValue(newBase, { emitEvent: false });
        form.patchValue(changes, { emitEvent: false });
        form.updateValueAndValidity();
        save();
      },
      discard: () => {
        resize(base);
        form.reset(base);
        this.storage.removeItem(storageKey);
      },
      clear: () => this.storage.removeItem(storageKey),
    };
  }

  /** Whether a draft is waiting under `key` (to offer to reopen it). */
  has(key: string): boolean {
    return this.read(this.storageKey(key)) !== null;
  }

  discard(key: string): void {
    this.storage.removeItem(this.storageKey(key));
  }

  private storageKey(key: string): string {
    return `${STORAGE_PREFIX}draft.${this.auth.me()?.id ?? 'anonymous'}.${key}`;
  }

  private applicable(form: FormGroup, changes: FormValues, exclude: readonly string[]): FormValues {
    return Object.fromEntries(
      // A field that is read-only now (a plan field of an assigned task) keeps the record's value.
      Object.entries(changes).filter(
        ([field]) => field in form.controls && !exclude.includes(field) && form.controls[field]?.enabled,
      ),
    );
  }

  private read(storageKey: string): StoredDraft | null {
    const raw = this.storage.getItem(storageKey);
    if (!raw) {
      return null;
    }
    try {
      const draft = JSON.parse(raw) as StoredDraft;
      if (typeof draft.savedAt !== 'number' || Date.now() - draft.savedAt > DRAFT_MAX_AGE_MS) {
        this.storage.removeItem(storageKey);
        return null;
      }
      return draft;
    } catch {
      this.storage.removeItem(storageKey);
      return null;
    }
  }

  private write(storageKey: string, draft: StoredDraft): void {
    try {
      this.storage.setItem(storageKey, JSON.stringify(draft));
    } catch {
      // Storage full or disabled (private mode): typing must still work, only the safety net is gone.
    }
  }
}
