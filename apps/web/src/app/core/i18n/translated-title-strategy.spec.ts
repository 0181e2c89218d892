import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { provideRouter, Router, TitleStrategy } from '@angular/router';
import { TranslocoService, TranslocoTestingModule } from '@jsverse/transloco';
import { TranslatedTitleStrategy } from './translated-title-strategy';

@Component({ template: '' })
class Blank {}

describe('Page titles', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [
        TranslocoTestingModule.forRoot({
          langs: {
            'zh-CN': { app: { name: '重点工作督办' }, nav: { users: '用户管理' } },
            en: { app: { name: 'Work Supervision' }, nav: { users: 'Users' } },
          },
          translocoConfig: { availableLangs: ['zh-CN', 'en'], defaultLang: 'zh-CN' },
          preloadLangs: true,
        }),
      ],
      providers: [
        provideRouter([
          { path: 'admin/users', title: 'nav.users', component: Blank },
          { path: '**', component: Blank },
        ]),
        { provide: TitleStrategy, useClass: TranslatedTitleStrategy },
      ],
    });
  });

  it('names the page and the app in the UI language, and follows a switch', async () => {
    await TestBed.inject(Router).navigateByUrl('/admin/users');
    const title = TestBed.inject(Title);

    expect(title.getTitle()).toBe('用户管理 · 重点工作督办');

    TestBed.inject(TranslocoService).setActiveLang('en');

    expect(title.getTitle()).toBe('Users · Work Supervision');
  });

  it('a page without a title shows the app name', async () => {
    await TestBed.inject(Router).navigateByUrl('/elsewhere');

    expect(TestBed.inject(Title).getTitle()).toBe('重点工作督办');
  });
});
