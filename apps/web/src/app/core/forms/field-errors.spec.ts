import type { FieldError } from '@zibo/domain';
import { FormControl, FormGroup } from '@angular/forms';
import { applyFieldErrors, fieldErrorOf } from './field-errors';
import { fieldErrorMessageKey } from './field-error-message';

describe('Field errors on a form', () => {
  function departmentForm() {
    return new FormGroup({ code: new FormControl(''), name: new FormControl('') });
  }

  it('puts each error on the field of the same name and shows it at once', () => {
    const form = departmentForm();

    const unmatched = applyFieldErrors(form, [
      { field: 'code', code: 'too_small', message: 'At least 2 characters' },
      { field: 'name', code: 'too_small', message: 'Required' },
    ]);

    expect(unmatched).toEqual([]);
    expect(fieldErrorOf(form.controls.code.errors)?.message).toBe('At least 2 characters');
    expect(form.controls.name.touched).toBe(true);
  });

  it('shows the first error of a field (the one to fix first)', () => {
    const form = departmentForm();

    applyFieldErrors(form, [
      { field: 'code', code: 'too_small', message: 'At least 2 characters' },
      { field: 'code', code: 'invalid_format', message: 'Lowercase letters, digits' },
    ]);

    expect(fieldErrorOf(form.controls.code.errors)?.code).toBe('too_small');
  });

  it('returns the errors no field shows, for the caller to show elsewhere', () => {
    const form = departmentForm();

    const unmatched = applyFieldErrors(form, [{ field: '(body)', code: 'custom', message: 'Nothing to change' }]);

    expect(unmatched).toEqual([{ field: '(body)', code: 'custom', message: 'Nothing to change' }]);
  });

  it('forgets the error as soon as the user edits the field', () => {
    const form = departmentForm();
    applyFieldErrors(form, [{ field: 'code', code: 'too_small', message: 'At least 2 characters' }]);

    form.controls.code.setValue('econ');

    expect(form.controls.code.errors).toBeNull();
  });
});

describe('Field error messages in the UI language', () => {
  it.each([
    [
      'a required text',
      { code: 'too_small', params: { minimum: 1, origin: 'string' } },
      'validation.required',
      undefined,
    ],
    [
      'a text too long',
      { code: 'too_big', params: { maximum: 100, origin: 'string' } },
      'validation.maxLength',
      { max: 100 },
    ],
    [
      'a text too short',
      { code: 'too_small', params: { minimum: 8, origin: 'string' } },
      'validation.minLength',
      { min: 8 },
    ],
    [
      'a number too small',
      { code: 'too_small', params: { minimum: 0, origin: 'number' } },
      'validation.min',
      { min: 0 },
    ],
    ['a common password', { code: 'common_password' }, 'security.commonPassword', undefined],
    [
      'a malformed code',
      { code: 'invalid_format', field: 'code', params: { format: 'regex' } },
      'validation.codeFormat',
      undefined,
    ],
    ['a malformed date', { code: 'invalid_format', params: { format: 'date' } }, 'validation.date', undefined],
    [
      'an indicator count with decimals',
      { code: 'invalid_value', params: { reason: 'whole_number' } },
      'validation.wholeNumber',
      undefined,
    ],
    ['a department listed twice', { code: 'duplicate', field: 'coDepartmentIds' }, 'validation.listedTwice', undefined],
    ['a username taken', { code: 'taken', field: 'username' }, 'validation.taken', undefined],
    ['a period reported twice', { code: 'exists', field: 'period' }, 'validation.periodExists', undefined],
    ['a future period', { code: 'future', field: 'period' }, 'validation.periodFuture', undefined],
    [
      'a milestone done tomorrow',
      { code: 'future', field: 'milestones.0.doneDate' },
      'validation.doneFuture',
      undefined,
    ],
    [
      'a role without its department',
      { code: 'required_for_role', field: 'departmentId' },
      'validation.departmentRequired',
      undefined,
    ],
    ['a control character', { code: 'invalid_characters' }, 'validation.invalidCharacters', undefined],
    ['a year out of range', { code: 'date_range' }, 'validation.dateRange', undefined],
  ] as const)('%s has a translation, whatever the English message', (_case, error, key, params) => {
    const fieldError = { field: 'x', message: 'whatever the server wrote', ...error } as FieldError;
    expect(fieldErrorMessageKey(fieldError)).toEqual(params ? { key, params } : { key });
  });

  it('leaves a code it does not know (a newer api) to be shown as the server wrote it', () => {
    expect(
      fieldErrorMessageKey({ field: 'x', code: 'weird', message: 'Something specific' } as unknown as FieldError),
    ).toBeNull();
  });
});
