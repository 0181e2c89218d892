import type { AbstractControl, FormArray } from '@angular/forms';

/**
 * Gives a FormArray exactly `length` rows, adding rows made by `create` or dropping the last ones.
 * Used before a list of values (a restored draft, a reloaded record) is patched in.
 */
export function resizeFormArray<C extends AbstractControl>(array: FormArray<C>, length: number, create: () => C): void {
  while (array.length > length) {
    array.removeAt(array.length - 1, { emitEvent: false });
  }
  while (array.length < length) {
    array.push(create(), { emitEvent: false });
  }
}

/** The length of a list inside stored form values, 0 when absent or not a list. */
export function listLength(values: Record<string, unknown>, field: string): number {
  const list = values[field];
  return Array.isArray(list) ? list.length : 0;
}
