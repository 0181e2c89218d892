import { inject, type WritableSignal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { FormGroup } from '@angular/forms';
import { ActivatedRoute, type Params, Router } from '@angular/router';
import { debounceTime, distinctUntilChanged, map } from 'rxjs';

/** How a list's filters are written into the address bar and read back. */
export interface FilterCodec<T> {
  fromParams(params: Params): T;
  toParams(filters: T): Params;
}

/**
 * The address bar holds a list's filters, so a reload, a shared link or "back" shows the same list:
 * every change of the query parameters sets `filters` (and the form, without emitting) and calls
 * `changed` (load the list); typing in the filter form writes the parameters after `debounceMs`.
 * Returns the function that puts other filters into the address bar (a chip, "clear filters").
 * Call it in an injection context, after the page's fields exist (the first parameters come at once).
 */
export function bindFiltersToUrl<T extends object>(
  form: FormGroup,
  filters: WritableSignal<T>,
  codec: FilterCodec<T>,
  options: { debounceMs: number; changed: () => void },
): (next: T) => void {
  const router = inject(Router);
  const route = inject(ActivatedRoute);
  const same = (a: T, b: T): boolean => JSON.stringify(codec.toParams(a)) === JSON.stringify(codec.toParams(b));
  const apply = (next: T): void => {
    if (same(next, filters())) return;
    void router.navigate([], { relativeTo: route, queryParams: codec.toParams(next), replaceUrl: true });
  };
  route.queryParams.pipe(takeUntilDestroyed()).subscribe((params) => {
    const next = codec.fromParams(params);
    filters.set(next);
    form.setValue(next, { emitEvent: false });
    options.changed();
  });
  form.valueChanges
    .pipe(
      debounceTime(options.debounceMs),
      map(() => form.getRawValue() as T),
      distinctUntilChanged(same),
      takeUntilDestroyed(),
    )
    .subscribe(apply);
  return apply;
}
