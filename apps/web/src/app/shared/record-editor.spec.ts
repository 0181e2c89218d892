import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FormControl, FormGroup } from '@angular/forms';
import type { FieldError, MeView, ParseResult } from '@zibo/domain';
import { type Observable, of, throwError } from 'rxjs';
import { ApiError } from '../core/api/api-error';
import { AuthService } from '../core/auth/auth.service';
import type { FormDraft } from '../core/forms/form-draft-store';
import { RecordEditor } from './record-editor';

interface Note {
  id: string;
  version: number;
  title: string;
  body: string;
}
type NoteValues = Pick<Note, 'title' | 'body'>;

const problem = (status: number, errors?: FieldError[]) =>
  new ApiError(status, { type: 'about:blank', title: 'refused', status, errors });

/** A page that edits one note, as the report, contribution and task pages do. */
class NoteEditor extends RecordEditor<Note, NoteValues> {
  readonly form = new FormGroup({
    title: new FormControl('', { nonNullable: true }),
    body: new FormControl('', { nonNullable: true }),
  });
  draft: FormDraft | null = null;
  readonly draftRestored = signal(false);
  note: Note | null = null;
  readonly sent: { create: NoteValues[]; update: NoteValues[] } = { create: [], update: [] };
  readonly savedAs: [Note, boolean][] = [];
  /** What the server answers next: a note, or an error. */
  answer: () => Observable<Note> = () => of({ id: 'n1', version: 1, title: '', body: '' });
  /** What a re-read returns after a 412. */
  server: Note | undefined;

  open(note: Note | null): void {
    this.note = note;
    this.form.reset(note ? this.formValuesOf(note) : { title: '', body: '' }, { emitEvent: false });
    this.draft = this.attachDraft(`note.${note?.id ?? 'new'}`);
  }

  // The protected face, for the test.
  run = {
    save: () => this.save(),
    saveThen: (step: (n: Note) => Observable<Note>, done: (n: Note) => void) => this.saveThen(step, done),
    discard: () => this.discardDraft(),
    saving: () => this.saving(),
    notice: () => this.notice(),
    failure: () => this.failure(),
    restored: () => this.draftRestored(),
  };

  protected edited(): Note | null {
    return this.note;
  }
  protected create(values: NoteValues): Observable<Note> | null {
    const input = this.validInput(this.check(values));
    if (!input) return null;
    this.sent.create.push(input);
    return this.answer();
  }
  protected update(original: Note, values: NoteValues): Observable<Note> | null {
    const input = this.validInput(this.check(values));
    if (!input) return null;
    this.sent.update.push(input);
    return this.answer();
  }
  protected reload(): Observable<Note | undefined> {
    return of(this.server);
  }
  protected formValuesOf(note: Note): NoteValues {
    return { title: note.title, body: note.body };
  }
  protected saved(note: Note, created: boolean): void {
    this.savedAs.push([note, created]);
    this.note = note;
  }
  protected announceSaved(): void {
    return;
  }
  protected override adoptNewer(fresh: Note): void {
    this.note = fresh;
    super.adoptNewer(fresh);
  }
  private check(values: NoteValues): ParseResult<NoteValues> {
    return values.title.trim()
      ? { ok: true, value: values }
      : { ok: false, errors: [{ field: 'title', code: 'required', message: 'Give a title' }] };
  }
}

describe('The versioned-record editor', () => {
  const me = signal<Pick<MeView, 'id'> | null>({ id: 'user-a' });

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: [{ provide: AuthService, useValue: { me } }] });
  });

  const editor = (): NoteEditor => TestBed.runInInjectionContext(() => new NoteEditor());

  it('creates the record once, then forgets the draft: a reload shows an empty form', () => {
    const page = editor();
    page.open(null);
    page.form.setValue({ title: '十一月进度', body: '开工 3 个' });
    page.run.save();

    expect(page.sent.create).toEqual([{ title: '十一月进度', body: '开工 3 个' }]);
    expect(page.savedAs).toEqual([[{ id: 'n1', version: 1, title: '', body: '' }, true]]);
    expect(page.run.saving()).toBe(false);
    const again = editor();
    again.open(null);
    expect(again.run.restored()).toBe(false);
  });

  it('checks before sending: a refused field shows on the field and nothing is sent', () => {
    const page = editor();
    page.open(null);
    page.form.controls.body.setValue('没有标题');
    page.run.save();

    expect(page.sent.create).toEqual([]);
    expect(page.form.controls.title.errors).toEqual({ field: expect.objectContaining({ code: 'required' }) });
    expect(page.run.failure()).toEqual({ key: 'common.fixErrors' });
  });

  it('keeps what was typed across a reload until it is saved, and can give it up', () => {
    const note: Note = { id: 'n1', version: 3, title: '十一月', body: '' };
    const first = editor();
    first.open(note);
    first.form.controls.body.setValue('已完成用地审批');

    const reloaded = editor();
    reloaded.open(note);
    expect(reloaded.run.restored()).toBe(true);
    expect(reloaded.form.getRawValue()).toEqual({ title: '十一月', body: '已完成用地审批' });

    reloaded.run.discard();
    expect(reloaded.form.getRawValue()).toEqual({ title: '十一月', body: '' });
    expect(reloaded.run.restored()).toBe(false);
  });

  it('after a 412 takes the other person’s version and keeps the fields this user changed', () => {
    const page = editor();
    page.open({ id: 'n1', version: 3, title: '十一月', body: '' });
    page.form.controls.body.setValue('我写的进展');
    page.server = { id: 'n1', version: 4, title: '十一月（改）', body: '' };
    page.answer = () => throwError(() => problem(412));
    page.run.save();

    expect(page.form.getRawValue()).toEqual({ title: '十一月（改）', body: '我写的进展' });
    expect(page.run.notice()).toEqual({ key: 'errors.staleReloaded' });
    expect(page.run.saving()).toBe(false);
    // The next save goes against the newer version.
    page.answer = () => of({ id: 'n1', version: 5, title: '十一月（改）', body: '我写的进展' });
    page.run.save();
    expect(page.savedAs.map(([saved, created]) => [saved.version, created])).toEqual([[5, false]]);
  });

  it('says the record is gone when a 412 re-read finds nothing', () => {
    const page = editor();
    page.open({ id: 'n1', version: 3, title: '十一月', body: '' });
    page.form.controls.body.setValue('x');
    page.server = undefined;
    page.answer = () => throwError(() => problem(412));
    page.run.save();

    expect(page.run.failure()).toEqual({ key: 'errors.notFound' });
  });

  it('puts the api’s field errors on their fields', () => {
    const page = editor();
    page.open({ id: 'n1', version: 3, title: '十一月', body: '' });
    page.form.controls.body.setValue('x');
    page.answer = () =>
      throwError(() => problem(422, [{ field: 'body', code: 'too_big', message: 'At most 10 characters' }]));
    page.run.save();

    expect(page.form.controls.body.errors).toEqual({ field: expect.objectContaining({ code: 'too_big' }) });
    expect(page.run.failure()).toEqual({ key: 'common.fixErrors' });
  });

  it('saves pending changes before a step (submit) and hands the step’s result on', () => {
    const page = editor();
    page.open({ id: 'n1', version: 3, title: '十一月', body: '' });
    page.form.controls.body.setValue('完成');
    page.answer = () => of({ id: 'n1', version: 4, title: '十一月', body: '完成' });
    const steps: number[] = [];
    const results: Note[] = [];
    page.run.saveThen(
      (saved) => {
        steps.push(saved.version);
        return of({ ...saved, version: 5 });
      },
      (result) => results.push(result),
    );

    expect(page.sent.update).toEqual([{ title: '十一月', body: '完成' }]);
    expect(steps).toEqual([4]);
    expect(results.map((r) => r.version)).toEqual([5]);
  });
});
