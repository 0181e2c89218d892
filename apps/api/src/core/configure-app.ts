import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import type { NextFunction, Request, Response } from 'express';
import type { AppConfig } from './config/app-config';
import { bodyParserProblem } from './problems/problem.filter';
import { requestContextMiddleware } from './request-context/request-context';
import { webAppMiddleware } from './http/web-app';

/**
 * Everything about the HTTP surface that is not a route: prefix, headers, CORS, body limits,
 * OpenAPI, the built web app at `/` (when `webDir` exists). Shared by the real server and the
 * integration tests, so tests exercise the same app.
 */
export function configureApp(app: INestApplication, config: AppConfig, webDir = config.webDir): void {
  const express = app as NestExpressApplication;
  express.set('trust proxy', config.trustProxy);
  express.disable('x-powered-by');
  // Express's automatic weak ETags would blur our strong version ETags (docs/rules.md).
  express.set('etag', false);
  app.use(requestContextMiddleware);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // Angular Material and the OpenAPI page set inline styles.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
        },
      },
    }),
  );
  // Closed by default: only the origins listed in CORS_ORIGINS may call from a browser.
  app.enableCors({ origin: config.corsOrigins.length ? config.corsOrigins : false });
  express.useBodyParser('json', { limit: '1mb' });
  // The refresh cookie (Path=/api/auth) is the only cookie the api reads.
  app.use(cookieParser());
  // Malformed or oversized bodies fail inside Express, before Nest's filters: answer them here.
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    const problem = bodyParserProblem(error);
    if (!problem) return next(error);
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  });
  app.use('/api', (_req: Request, res: Response, next: NextFunction) => {
    // Answers depend on who asks and change with every write: never cache them.
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // After helmet, so the app's pages carry the same security headers as the api.
  if (webDir && existsSync(webDir)) app.use(webAppMiddleware(webDir));
  app.setGlobalPrefix('api');

  // The OpenAPI document is built on its first request (/api/docs or /api/docs-json), not at
  // start-up: an api nobody asks for its documentation does not hold it (nor build it).
  const documentFactory = () =>
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Zibo High-tech Zone work supervision API')
        .setDescription(
          'Tasks, progress reports, reviews and the audit log of the 2021 work plan (抓落实求突破). ' +
            'Errors are application/problem+json (RFC 9457).',
        )
        .setVersion('1')
        .addBearerAuth()
        .build(),
    );
  SwaggerModule.setup('api/docs', app, documentFactory, { jsonDocumentUrl: 'api/docs-json' });
}
