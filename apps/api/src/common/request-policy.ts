import { ForbiddenException, HttpException, HttpStatus } from '@nestjs/common';
import type { FieldError } from '@ctct/shared-types';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ValidationFailedError } from './domain-errors';

/** Deeper than this is not a shape any route takes (the deepest, a bulk selection's filter, is 3). */
export const MAX_JSON_DEPTH = 8;
/** Keys that reach Object.prototype in careless merges; no route has a field so named. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
// C0 controls (NUL included: PostgreSQL cannot store it in text) and DEL. No text field of the API takes them.
// eslint-disable-next-line no-control-regex -- matching control characters is the point: request text holding one is refused
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

export class UnsupportedMediaTypeError extends HttpException {
  constructor() {
    super('Send the body as JSON with Content-Type: application/json', HttpStatus.UNSUPPORTED_MEDIA_TYPE);
  }
}

function isStateChanging(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method);
}

/**
 * CSRF, first line: a state-changing request from a browser must come from our own origin. Sec-Fetch-Site
 * (modern browsers) says whether the page that sent it is same-origin; Origin (sent on every POST/PATCH/DELETE)
 * or else Referer must be one of `allowedOrigins` (PUBLIC_URL), or the request's own origin when none is
 * configured. Requests without any of these come from non-browser clients (curl, scripts): they cannot carry
 * the victim's cookies, and they still need the session's CSRF token.
 */
export function originCheck(allowedOrigins: string[] | null): RequestHandler {
  return (request: Request, _response: Response, next: NextFunction) => {
    if (!isStateChanging(request.method)) return next();
    const allowed = allowedOrigins ?? [`${request.protocol}://${request.get('host')}`];
    const fetchSite = request.get('sec-fetch-site');
    if (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none') {
      return next(new ForbiddenException(`Cross-origin request refused (Sec-Fetch-Site: ${fetchSite.slice(0, 20)})`));
    }
    const origin = request.get('origin');
    const referer = request.get('referer');
    const claimed = origin ?? (referer ? originOf(referer) : undefined);
    if (claimed !== undefined && !allowed.includes(claimed)) {
      return next(new ForbiddenException('Cross-origin request refused: this page is not the admin of this installation'));
    }
    next();
  };
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'invalid';
  }
}

/**
 * CSRF, second line: a state-changing request carries JSON or nothing. HTML forms can only send
 * urlencoded, multipart or text/plain bodies, and a cross-origin fetch with application/json needs a CORS
 * preflight, which this API never grants.
 */
export const jsonOnly: RequestHandler = (request, _response, next) => {
  if (!isStateChanging(request.method)) return next();
  const type = request.get('content-type');
  const hasBody = request.get('transfer-encoding') !== undefined || Number(request.get('content-length') ?? 0) > 0;
  if (type === undefined ? hasBody : type.split(';')[0].trim().toLowerCase() !== 'application/json') {
    return next(new UnsupportedMediaTypeError());
  }
  next();
};

/**
 * After the JSON parser: the body and the query string are checked before any route sees them — no
 * prototype keys, no control characters, no nesting deeper than MAX_JSON_DEPTH, each query parameter once.
 * Iterative, so a hostile body cannot exhaust the stack here either.
 */
export const inputPolicy: RequestHandler = (request, _response, next) => {
  const problems: FieldError[] = [];
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (PROTOTYPE_KEYS.has(key)) problems.push({ field: key, message: 'is not an allowed parameter name' });
    else if (Array.isArray(value)) problems.push({ field: key, message: 'must be given once' });
    else if (typeof value === 'string' && CONTROL_CHARACTER.test(value)) problems.push({ field: key, message: controlMessage(value) });
    else if (CONTROL_CHARACTER.test(key)) problems.push({ field: 'query', message: 'has a parameter name with control characters' });
  }
  if (request.body !== undefined && request.body !== null && typeof request.body === 'object') problems.push(...checkBody(request.body));
  next(problems.length ? new ValidationFailedError(problems.slice(0, 20)) : undefined);
};

export function checkBody(body: object): FieldError[] {
  const problems: FieldError[] = [];
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: body, path: '', depth: 0 }];
  while (stack.length && problems.length < 20) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (CONTROL_CHARACTER.test(value)) problems.push({ field: path || 'body', message: controlMessage(value) });
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) {
      problems.push({ field: path || 'body', message: `is nested too deeply (at most ${MAX_JSON_DEPTH} levels)` });
      continue;
    }
    if (Array.isArray(value)) {
      value.forEach((item, index) => stack.push({ value: item, path: `${path}[${index}]`, depth: depth + 1 }));
      continue;
    }
    for (const key of Object.keys(value)) {
      const field = path ? `${path}.${key}` : key;
      if (PROTOTYPE_KEYS.has(key)) problems.push({ field, message: 'is not an allowed field name' });
      else if (CONTROL_CHARACTER.test(key)) problems.push({ field: path || 'body', message: 'has a field name with control characters' });
      else stack.push({ value: (value as Record<string, unknown>)[key], path: field, depth: depth + 1 });
    }
  }
  return problems;
}

function controlMessage(value: string): string {
  const code = value.match(CONTROL_CHARACTER)![0].charCodeAt(0);
  return `must not contain control characters (found U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
}
