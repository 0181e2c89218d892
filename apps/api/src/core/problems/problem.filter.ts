import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { AccessDenials, type GuardedRequest, denialOf } from '../access/access-denials';
import type { Problem } from '@zibo/domain';
import { databaseUnavailable, isDatabaseUnavailable } from './database-errors';
import { ProblemException } from './problem.exception';
import { uniqueViolationProblem } from './unique-violation';

interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
  message?: string;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as BodyParserError).type === 'string' &&
    typeof (error as BodyParserError).status === 'number'
  );
}

/** Turns every error into `application/problem+json`; never leaks a stack trace. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  constructor(private readonly denials: AccessDenials) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { problem, headers } = this.toProblem(error);
    const denial = denialOf(host.switchToHttp().getRequest<GuardedRequest>(), problem.status);
    if (denial) {
      // A refusal is a security event: recorded before the answer, so the caller cannot outrun it.
      void this.denials
        .report(denial)
        .catch((failure: unknown) => this.logger.error(`access denial not recorded: ${String(failure)}`))
        .finally(() => this.send(response, problem, headers));
      return;
    }
    if (problem.status === 503) {
      // An outage answers every request alike: one short line each, no stack.
      this.logger.warn(`database unavailable: ${error instanceof Error ? error.message : String(error)}`);
    } else if (problem.status >= 500) {
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
    this.send(response, problem, headers);
  }

  private send(response: Response, problem: Problem, headers: Record<string, string>): void {
    if (response.headersSent) return;
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  private toProblem(error: unknown): { problem: Problem; headers: Record<string, string> } {
    if (error instanceof ProblemException) {
      return { problem: error.toProblem(), headers: error.headers };
    }
    if (isDatabaseUnavailable(error)) {
      const unavailable = databaseUnavailable();
      return { problem: unavailable.toProblem(), headers: unavailable.headers };
    }
    const duplicate = uniqueViolationProblem(error);
    if (duplicate) return { problem: duplicate.toProblem(), headers: {} };
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const fromBody = bodyParserProblem(error.cause);
      if (fromBody) return { problem: fromBody, headers: {} };
      return {
        problem: {
          type: status === 404 ? 'urn:zibo:problem:not-found' : 'about:blank',
          title: status === 404 ? 'Not found' : error.message,
          status,
        },
        headers: {},
      };
    }
    const fromBody = bodyParserProblem(error);
    if (fromBody) return { problem: fromBody, headers: {} };
    return {
      problem: {
        type: 'urn:zibo:problem:internal',
        title: 'Internal error',
        status: 500,
        detail: 'Something went wrong on our side; nothing was changed. Try again, or tell the administrator.',
      },
      headers: {},
    };
  }
}

/** The problem for an Express body-parser error (malformed JSON, body too large), else null. */
export function bodyParserProblem(error: unknown): Problem | null {
  if (!isBodyParserError(error) || !error.status || error.status >= 500) return null;
  if (error.type === 'entity.too.large') {
    return { type: 'urn:zibo:problem:too-large', title: 'Request body too large', status: 413 };
  }
  const malformed = error.type === 'entity.parse.failed';
  return {
    type: 'urn:zibo:problem:validation',
    title: 'Invalid request',
    status: 400,
    detail: malformed ? 'The body is not valid JSON.' : (error.message ?? 'The body could not be read.'),
    errors: [
      {
        field: '(body)',
        code: malformed ? 'malformed' : 'unreadable',
        message: malformed ? 'Not valid JSON' : 'Unreadable body',
      },
    ],
  };
}
