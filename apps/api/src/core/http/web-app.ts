import type { NextFunction, Request, Response } from 'express';
import expressStaticGzip from 'express-static-gzip';
import { basename } from 'node:path';

/** Cache-Control of a file whose name changes with its content: a year, never revalidated. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Cache-Control of everything else (index.html, i18n, favicon): keep, but ask first (ETag → 304). */
export const REVALIDATE = 'no-cache';

// Angular's outputHashing "all" names every file it emits `<name>-<8 hash characters>.<ext>`
// (main, chunks, styles, media/ fonts); files copied from public/ keep their own names.
const HASHED = /-[A-Z0-9]{8}\.[a-z0-9]+$/;
const PRECOMPRESSED = /\.(br|gz)$/;

/** Whether a file of the build (or its .br/.gz sibling) carries its content hash in its name. */
export function isHashedBuildFile(path: string): boolean {
  return HASHED.test(basename(path).replace(PRECOMPRESSED, ''));
}

const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/');

/**
 * The built web app at `/`: the `.br`/`.gz` files the build wrote beside each text file are chosen
 * by Accept-Encoding (brotli first; `Vary: Accept-Encoding`), hashed files are cached for a year,
 * the rest revalidated, and a page address (a browser asking for HTML, not a file) gets index.html
 * so deep links work. /api is never answered here.
 */
export function webAppMiddleware(webDir: string): (req: Request, res: Response, next: NextFunction) => void {
  const files = expressStaticGzip(webDir, {
    enableBrotli: true,
    orderPreference: ['br', 'gzip'],
    index: 'index.html',
    serveStatic: {
      // Our own Cache-Control below; a directory name is not a page of the app.
      cacheControl: false,
      redirect: false,
      setHeaders: (res, path) => res.setHeader('Cache-Control', isHashedBuildFile(path) ? IMMUTABLE : REVALIDATE),
    },
  }) as (req: Request, res: Response, next: NextFunction) => void;

  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApiPath(req.path)) return next();
    files(req, res, (error?: unknown) => {
      if (error || !(req.headers.accept ?? '').includes('text/html')) return next(error);
      // A deep link such as /tasks/123: the app's page, which routes in the browser. A missing
      // script or font (asked for with Accept */*) stays a 404 instead of an HTML page.
      const url = req.url;
      req.url = '/index.html';
      files(req, res, (fallbackError?: unknown) => {
        req.url = url;
        next(fallbackError);
      });
    });
  };
}
