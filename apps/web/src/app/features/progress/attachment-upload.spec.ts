import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { TranslocoTestingModule } from '@jsverse/transloco';
import zh from '../../../../public/i18n/zh-CN.json';
import { AttachmentUpload } from './attachment-upload';
import { ProgressService } from './progress.service';

const pdf = (name: string): File => new File(['%PDF-1.4'], name, { type: 'application/pdf' });

function pick(host: HTMLElement, files: File[]): void {
  const input = host.querySelector<HTMLInputElement>('[data-testid="attachment-input"]');
  if (!input) throw new Error('no file input');
  const list = Object.assign([...files], { item: (i: number) => files[i] ?? null });
  Object.defineProperty(input, 'files', { value: list, configurable: true });
  input.dispatchEvent(new Event('change'));
}

describe('Evidence before the first save', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [
        AttachmentUpload,
        TranslocoTestingModule.forRoot({
          langs: { 'zh-CN': zh },
          translocoConfig: { availableLangs: ['zh-CN', 'en'], defaultLang: 'zh-CN' },
          preloadLangs: true,
        }),
      ],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('hands the files picked on a record not yet saved to the page, and uploads nothing itself', () => {
    const fixture = TestBed.createComponent(AttachmentUpload);
    fixture.componentRef.setInput('owner', null);
    const picked: File[][] = [];
    fixture.componentInstance.picked.subscribe((files) => picked.push(files));
    fixture.detectChanges();

    pick(fixture.nativeElement, [pdf('证明.pdf')]);

    expect(picked.map((files) => files.map((f) => f.name))).toEqual([['证明.pdf']]);
    http.expectNone(() => true);
  });

  it('uploads to a saved record at once (no detour through the page)', () => {
    const fixture = TestBed.createComponent(AttachmentUpload);
    fixture.componentRef.setInput('owner', { kind: 'progress', id: 'r1' });
    const picked: File[][] = [];
    fixture.componentInstance.picked.subscribe((files) => picked.push(files));
    fixture.detectChanges();

    pick(fixture.nativeElement, [pdf('证明.pdf')]);

    expect(picked).toEqual([]);
    http.expectOne({ method: 'POST', url: '/api/progress/r1/attachments' });
  });

  it('uploads the files picked before the save one after another, once the draft exists', () => {
    const stored: string[] = [];
    TestBed.inject(ProgressService)
      .uploadAll({ kind: 'contributions', id: 'c1' }, [pdf('a.pdf'), pdf('b.pdf')])
      .subscribe((attachments) => stored.push(...attachments.map((a) => a.fileName)));

    // The second waits for the first.
    const first = http.expectOne('/api/contributions/c1/attachments');
    http.expectNone('/api/contributions/c1/attachments');
    first.flush({ id: 'x1', fileName: 'a.pdf' });
    http.expectOne('/api/contributions/c1/attachments').flush({ id: 'x2', fileName: 'b.pdf' });

    expect(stored).toEqual(['a.pdf', 'b.pdf']);
  });
});
