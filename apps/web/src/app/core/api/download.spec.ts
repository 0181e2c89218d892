import { HttpErrorResponse, HttpEventType, HttpHeaders, HttpResponse } from '@angular/common/http';
import { firstValueFrom } from 'rxjs';
import {
  DOWNLOAD_STARTED,
  type DownloadState,
  downloadPercent,
  fileNameFromContentDisposition,
  nextDownloadState,
} from './download';
import { withParsedBlobBody } from './problem.interceptor';

describe('The file name from Content-Disposition', () => {
  it.each([
    ['attachment; filename="ledger-2026-10.pdf"', 'ledger-2026-10.pdf'],
    ['attachment; filename=audit-20261127T084703Z.csv', 'audit-20261127T084703Z.csv'],
    [`attachment; filename="ledger.xlsx"; filename*=UTF-8''%E7%9D%A3%E5%8A%9E%E5%8F%B0%E8%B4%A6.xlsx`, '督办台账.xlsx'],
    [`attachment; filename*=utf-8''%E5%AE%A1%E8%AE%A1.csv`, '审计.csv'],
    ['attachment; filename="say \\"hi\\".csv"', 'say "hi".csv'],
    ['attachment; filename="../../etc/passwd"', 'passwd'],
  ])('%s → %s', (header, name) => {
    expect(fileNameFromContentDisposition(header, 'fallback.bin')).toBe(name);
  });

  it('falls back when the header is missing, empty or has no name', () => {
    expect(fileNameFromContentDisposition(null, 'audit.csv')).toBe('audit.csv');
    expect(fileNameFromContentDisposition('attachment', 'audit.csv')).toBe('audit.csv');
    expect(fileNameFromContentDisposition('attachment; filename=""', 'audit.csv')).toBe('audit.csv');
  });

  it('ignores a malformed filename* and takes filename', () => {
    expect(fileNameFromContentDisposition(`attachment; filename="a.csv"; filename*=UTF-8''%E7%ZZ`, 'x')).toBe('a.csv');
  });
});

describe('Download progress', () => {
  const progress = (loaded: number, total?: number) =>
    ({ type: HttpEventType.DownloadProgress, loaded, total }) as const;

  it('waits for the first byte, then counts bytes received without a total while the server streams', () => {
    let state: DownloadState = nextDownloadState(DOWNLOAD_STARTED, { type: HttpEventType.Sent }, 'x.csv');
    expect(state).toEqual(DOWNLOAD_STARTED);
    expect(downloadPercent(state)).toBeNull();

    state = nextDownloadState(state, progress(65_536), 'x.csv');
    expect(state).toEqual({ phase: 'receiving', loaded: 65_536, total: null });
    expect(downloadPercent(state)).toBeNull();
  });

  it('gives a percentage when the length is known', () => {
    const state = nextDownloadState(DOWNLOAD_STARTED, progress(26_181, 52_362), 'x.pdf');

    expect(downloadPercent(state)).toBe(50);
  });

  it('ends with the blob and the server’s file name', () => {
    const blob = new Blob(['\uFEFFseq,prevHash\n']);
    const response = new HttpResponse({
      body: blob,
      headers: new HttpHeaders({ 'Content-Disposition': 'attachment; filename="audit-1.csv"' }),
    });
    const state = nextDownloadState({ phase: 'receiving', loaded: 10, total: null }, response, 'audit.csv');

    expect(state).toMatchObject({ phase: 'done', fileName: 'audit-1.csv', loaded: blob.size, blob });
    expect(downloadPercent(state)).toBe(100);
  });
});

describe('A failed download', () => {
  it('has its problem+json read from the blob, so the reason reaches the user', async () => {
    const problem = { type: 'about:blank', title: 'Invalid request', status: 400, detail: 'period: Must be a month' };
    const error = new HttpErrorResponse({
      status: 400,
      error: new Blob([JSON.stringify(problem)], { type: 'application/problem+json' }),
    });

    expect((await firstValueFrom(withParsedBlobBody(error))).error).toEqual(problem);
  });

  it('keeps a non-JSON body as it was', async () => {
    const error = new HttpErrorResponse({ status: 502, error: new Blob(['<html>'], { type: 'text/html' }) });

    expect(await firstValueFrom(withParsedBlobBody(error))).toBe(error);
  });
});
