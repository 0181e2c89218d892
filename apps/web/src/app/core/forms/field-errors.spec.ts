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
    ['Required', 'too_small', 'validation.required', undefined],
    ['At most 100 characters', 'too_big', 'validation.maxLength', { max: 100 }],
    ['At least 8 characters', 'too_small', 'validation.minLength', { min: 8 }],
    ['Too common: choose a password others do not use', 'common_password', 'security.commonPassword', undefined],
    [
      'Lowercase letters, digits, ".", "-" or "_", starting with a letter',
      'invalid_format',
      'validation.codeFormat',
      undefined,
    ],
  ])('"%s" has a translation', (message, code, key, params) => {
    expect(fieldErrorMessageKey({ field: 'x', code, message })).toEqual(params ? { key, params } : { key });
  });

  it('names the department rule by its code', () => {
    expect(
      fieldErrorMessageKey({
        field: 'departmentId',
        code: 'required_for_role',
        message: 'Role dept_head needs a department',
      }),
    ).toEqual({ key: 'validation.departmentRequired' });
  });

  it.each([
    ['invalid_characters', 'Contains a character that is not allowed (U+0000)', 'validation.invalidCharacters'],
    ['date_range', 'Must be between 1900 and 2100', 'validation.dateRange'],
  ])('translates the text and date rules by their code %s', (code, message, key) => {
    expect(fieldErrorMessageKey({ field: 'title', code, message })).toEqual({ key });
  });

  it('leaves a message it does not know to be shown as the server wrote it', () => {
    expect(fieldErrorMessageKey({ field: 'x', code: 'weird', message: 'Something specific' })).toBeNull();
  });
});
