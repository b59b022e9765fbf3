import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { ApiErrorBody, FieldError } from '@ctct/shared-types';
import type { Request, Response } from 'express';
import { DomainError } from './domain-errors';

const STATUS_NAMES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const BODY_PARSER_MESSAGES: Record<string, string> = {
  'entity.too.large': 'Request body too large',
  'entity.parse.failed': 'Malformed JSON body',
  'charset.unsupported': 'Send the body as UTF-8 JSON',
  'encoding.unsupported': 'Send the body without content encoding',
};

/** The one place errors become HTTP: every error body is an ApiErrorBody, and no stack trace ever leaves. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<Request>();
    const body = this.toBody(exception, request);
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, path: request.path }, 'unhandled error');
    }
    if (!response.headersSent) response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, request: Request): ApiErrorBody {
    if (exception instanceof DomainError) {
      return { ...this.body(exception.status, exception.message, exception.fields), ...exception.details };
    }
    // Body-parser errors (Nest wraps them in an HttpException): our own words, never the parser's, which quote the body.
    const parserError = bodyParserErrorOf(exception);
    if (parserError && parserError.status < 500) {
      return this.body(parserError.status, BODY_PARSER_MESSAGES[parserError.type] ?? 'Malformed JSON body');
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const payload = exception.getResponse();
      const fields = typeof payload === 'object' && payload && 'fields' in payload ? (payload.fields as FieldError[]) : undefined;
      let message = typeof payload === 'string' ? payload : ((payload as { message?: unknown }).message ?? exception.message);
      if (Array.isArray(message)) message = message.join('; ');
      if (status === 404 && /^Cannot (GET|POST|PUT|PATCH|DELETE)/.test(String(message))) {
        message = `No route ${request.method} ${request.originalUrl.split('?')[0]}`;
      }
      return this.body(status, String(message), fields);
    }
    return this.body(HttpStatus.INTERNAL_SERVER_ERROR, 'Something went wrong on our side; the error was logged.');
  }

  private body(statusCode: number, message: string, fields?: FieldError[]): ApiErrorBody {
    return { statusCode, error: STATUS_NAMES[statusCode] ?? 'Error', message, ...(fields?.length ? { fields } : {}) };
  }
}

function bodyParserErrorOf(exception: unknown): { status: number; type: string } | null {
  if (isBodyParserError(exception)) return exception;
  const cause = (exception as { cause?: unknown } | null)?.cause;
  return isBodyParserError(cause) ? cause : null;
}

function isBodyParserError(error: unknown): error is { status: number; type: string } {
  return (
    typeof error === 'object' &&
    error !== null &&
    'type' in error &&
    typeof (error as { type: unknown }).type === 'string' &&
    'status' in error &&
    typeof (error as { status: unknown }).status === 'number'
  );
}
