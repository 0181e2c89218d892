import { createEnvironmentInjector, EnvironmentInjector, runInInjectionContext, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FormArray, FormControl, FormGroup } from '@angular/forms';
import type { MeView } from '@zibo/domain';
import { AuthService } from '../auth/auth.service';
import { listLength, resizeFormArray } from './form-array-size';
import { DRAFT_MAX_AGE_MS, type DraftOptions, type FormDraft, FormDraftStore } from './form-draft-store';

function userForm(values: { displayName?: string; role?: string; password?: string } = {}) {
  return new FormGroup({
    displayName: new FormControl(values.displayName ?? '', { nonNullable: true }),
    role: new FormControl(values.role ?? 'dept_staff', { nonNullable: true }),
    password: new FormControl(values.password ?? '', { nonNullable: true }),
  });
}

describe('Form drafts', () => {
  const me = signal<Pick<MeView, 'id'> | null>({ id: 'user-a' });
  let store: FormDraftStore;
  let injectors: EnvironmentInjector[];

  beforeEach(() => {
    localStorage.clear();
    me.set({ id: 'user-a' });
    injectors = [];
    TestBed.configureTestingModule({ providers: [{ provide: AuthService, useValue: { me } }] });
    store = TestBed.inject(FormDraftStore);
  });

  afterEach(() => injectors.splice(0).forEach((injector) => injector.destroy()));

  /** Attaches as a dialog would, in its own injector: destroying it is closing the dialog. */
  function attach(form: FormGroup, key: string, exclude?: string[], options: DraftOptions = {}): FormDraft {
    const injector = createEnvironmentInjector([], TestBed.inject(EnvironmentInjector));
    injectors.push(injector);
    return runInInjectionContext(injector, () => store.attach(form, key, { exclude, ...options }));
  }

  it('brings back what was typed after the page reloads', () => {
    const before = userForm();
    attach(before, 'user-create');
    before.controls.displayName.setValue('张三');
    before.controls.role.setValue('dept_head');

    const after = userForm();
    const draft = attach(after, 'user-create');

    expect(draft.restored).toBe(true);
    expect(after.getRawValue()).toMatchObject({ displayName: '张三', role: 'dept_head' });
  });

  it('never writes a password to storage', () => {
    const form = userForm();
    attach(form, 'user-create', ['password']);
    form.controls.password.setValue('Secret123!');
    form.controls.displayName.setValue('李四');

    expect(JSON.stringify(localStorage)).not.toContain('Secret123!');
    const restored = userForm();
    attach(restored, 'user-create', ['password']);
    expect(restored.controls.password.value).toBe('');
    expect(restored.controls.displayName.value).toBe('李四');
  });

  it('is gone after a successful save', () => {
    const form = userForm();
    const draft = attach(form, 'user-create');
    form.controls.displayName.setValue('王五');

    draft.clear();

    expect(store.has('user-create')).toBe(false);
    expect(attach(userForm(), 'user-create').restored).toBe(false);
  });

  it('keeps nothing when the user types the original value back', () => {
    const form = userForm({ displayName: '赵六' });
    attach(form, 'user-edit.1');
    form.controls.displayName.setValue('赵六六');
    form.controls.displayName.setValue('赵六');

    expect(store.has('user-edit.1')).toBe(false);
  });

  it('restores an edit on top of the record as it is now: only the fields the user changed', () => {
    const before = userForm({ displayName: '旧名', role: 'dept_staff' });
    attach(before, 'user-edit.1');
    before.controls.role.setValue('dept_head');

    // Meanwhile someone renamed the user; the draft only holds the role change.
    const after = userForm({ displayName: '新名', role: 'dept_staff' });
    attach(after, 'user-edit.1');

    expect(after.getRawValue()).toMatchObject({ displayName: '新名', role: 'dept_head' });
  });

  it('after a conflict, takes the newer version but keeps what the user changed', () => {
    const form = userForm({ displayName: '旧名', role: 'dept_staff' });
    const draft = attach(form, 'user-edit.1');
    form.controls.role.setValue('dept_head');

    draft.rebase({ displayName: '新名', role: 'dept_staff' });

    expect(form.getRawValue()).toMatchObject({ displayName: '新名', role: 'dept_head' });
  });

  it('discarding puts the form back to where it started', () => {
    const form = userForm({ displayName: '原名' });
    const draft = attach(form, 'user-edit.1');
    form.controls.displayName.setValue('改了');

    draft.discard();

    expect(form.controls.displayName.value).toBe('原名');
    expect(store.has('user-edit.1')).toBe(false);
  });

  it("does not show one user's draft to the next user of the computer", () => {
    const form = userForm();
    attach(form, 'user-create');
    form.controls.displayName.setValue('张三');

    me.set({ id: 'user-b' });

    expect(attach(userForm(), 'user-create').restored).toBe(false);
  });

  it('drops drafts abandoned for weeks', () => {
    const form = userForm();
    attach(form, 'user-create');
    form.controls.displayName.setValue('张三');
    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(now + DRAFT_MAX_AGE_MS + 1);

    expect(attach(userForm(), 'user-create').restored).toBe(false);
    jest.restoreAllMocks();
  });

  it('stops saving once the form is gone', () => {
    const form = userForm();
    attach(form, 'user-create');
    injectors.splice(0).forEach((injector) => injector.destroy());

    form.controls.displayName.setValue('too late');

    expect(store.has('user-create')).toBe(false);
  });

  describe('with list rows (milestones, indicators)', () => {
    function taskForm() {
      return new FormGroup({
        title: new FormControl('', { nonNullable: true }),
        milestones: new FormArray<FormGroup<{ title: FormControl<string> }>>([]),
      });
    }
    const row = () => new FormGroup({ title: new FormControl('', { nonNullable: true }) });
    const resizeOf = (form: ReturnType<typeof taskForm>) => (values: Record<string, unknown>) =>
      resizeFormArray(form.controls.milestones, listLength(values, 'milestones'), row);

    it('brings back rows added before the reload', () => {
      const before = taskForm();
      attach(before, 'task-create', [], { resize: resizeOf(before) });
      before.controls.milestones.push(row());
      before.controls.milestones.push(row());
      before.controls.milestones.at(1).controls.title.setValue('通过省级评审');

      const after = taskForm();
      attach(after, 'task-create', [], { resize: resizeOf(after) });

      expect(after.controls.milestones.length).toBe(2);
      expect(after.getRawValue().milestones[1]).toEqual({ title: '通过省级评审' });
    });

    it('drops the added rows again when the draft is discarded', () => {
      const form = taskForm();
      const draft = attach(form, 'task-create', [], { resize: resizeOf(form) });
      form.controls.milestones.push(row());

      draft.discard();

      expect(form.controls.milestones.length).toBe(0);
    });
  });

  it('leaves a read-only field as the record has it', () => {
    const before = userForm();
    attach(before, 'user-edit.2');
    before.controls.role.setValue('dept_head');

    const after = userForm();
    after.controls.role.disable();
    expect(attach(after, 'user-edit.2').restored).toBe(false);
    expect(after.controls.role.value).toBe('dept_staff');
  });
});
