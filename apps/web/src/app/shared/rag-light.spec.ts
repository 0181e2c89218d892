import { TestBed } from '@angular/core/testing';
import { TranslocoTestingModule } from '@jsverse/transloco';
import en from '../../../public/i18n/en.json';
import zh from '../../../public/i18n/zh-CN.json';
import { RagLight } from './rag-light';

describe('RAG light', () => {
  function render(rag: 'red' | 'amber' | 'green' | null, lang = 'zh-CN'): HTMLElement {
    TestBed.configureTestingModule({
      imports: [
        RagLight,
        TranslocoTestingModule.forRoot({
          langs: { 'zh-CN': zh, en },
          translocoConfig: { availableLangs: ['zh-CN', 'en'], defaultLang: lang },
          preloadLangs: true,
        }),
      ],
    });
    const fixture = TestBed.createComponent(RagLight);
    fixture.componentRef.setInput('rag', rag);
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  it.each([
    ['red', '红灯', 'error'],
    ['amber', '黄灯', 'warning'],
    ['green', '绿灯', 'check_circle'],
  ] as const)('shows %s with its name and an icon, never colour alone', (rag, name, icon) => {
    const element = render(rag);

    expect(element.textContent).toContain(name);
    expect(element.querySelector('mat-icon')?.textContent?.trim()).toBe(icon);
    expect(element.querySelector('[data-rag]')?.getAttribute('data-rag')).toBe(rag);
  });

  it('says so when a task has no light', () => {
    expect(render(null).textContent).toContain('无灯');
  });

  it('speaks English too', () => {
    expect(render('amber', 'en').textContent).toContain('Amber');
  });
});
