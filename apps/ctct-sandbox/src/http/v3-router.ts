import express, { NextFunction, Request, Response, Router } from 'express';
import { setTimeout as sleep } from 'node:timers/promises';
import { AccessTokenClaims } from '../oauth/jwt';
import { SandboxContext } from '../sandbox-context';
import { V3Error, forbidden, quotaExceeded, throttled, unauthorized } from './errors';
import { QueryReader } from './query';
import { RequestSchemaName, assertBody } from './request-schemas';

export type V3Scope = 'contact_data' | 'campaign_data' | 'account_read';

export interface V3Request {
  params: Record<string, string>;
  query: QueryReader;
  rawQuery: Record<string, unknown>;
  body: any;
  /** Byte length of the raw body (the JSON import's 4 MB rule needs it). */
  bodyBytes: number;
  claims: AccessTokenClaims;
}

export interface V3Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Runs after the reply is sent (bulk activities start processing here). */
  after?: () => void;
}

/** One V3 operation as the spec names it: the route table is built from these. */
export interface V3Operation {
  operationId: string;
  method: 'get' | 'post' | 'put' | 'delete' | 'patch';
  /** The spec's path, relative to basePath /v3, e.g. /contacts/{contact_id}. */
  path: string;
  scope: V3Scope;
  /** Error-key prefix, e.g. contacts → contacts.api.validation.error. */
  area: string;
  /** The body must be application/json and match this schema. */
  body?: RequestSchemaName;
  handle(req: V3Request, ctx: SandboxContext): V3Reply | Promise<V3Reply>;
}

const toExpressPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');
const toRegExp = (path: string) => new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}/?$`);

/**
 * The V3 surface. Each request goes: count → injected faults → bearer token (401) → rate limit (429)
 * → scope (403) → content type (415) and body schema (400) → the operation's handler.
 */
export function v3Router(operations: V3Operation[], ctx: SandboxContext): Router {
  const router = express.Router();
  router.use(express.raw({ type: () => true, limit: '64mb' }));
  // Static segments before parameters, so /contacts/counts is not taken for a contact id.
  const ordered = [...operations].sort((a, b) => specificity(b.path) - specificity(a.path));
  for (const op of ordered) {
    router[op.method](toExpressPath(op.path), (req, res, next) => {
      handle(op, ctx, req, res).catch(next);
    });
  }
  router.use((req: Request, res: Response) => {
    const known = ordered.some((op) => toRegExp(op.path).test(req.path));
    const error = known
      ? new V3Error(405, 'method.not.allowed', `Method ${req.method} is not supported on ${req.path}.`)
      : new V3Error(404, 'not.found', `No V3 resource at ${req.path}.`);
    res.status(error.status).json(error.body());
  });
  router.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if ((err as { type?: string }).type === 'entity.too.large') {
      const error = new V3Error(413, 'payload.too.large', 'The request body is too large.');
      return void res.status(error.status).json(error.body());
    }
    console.error('[ctct-sandbox] unexpected error', err);
    res.status(500).json([{ error_key: 'server.error', error_message: 'There was a problem with our internal service.' }]);
  });
  return router;
}

function specificity(path: string): number {
  return path.split('/').reduce((score, segment) => score * 2 + (segment.startsWith('{') ? 0 : 1), 1);
}

async function handle(op: V3Operation, ctx: SandboxContext, req: Request, res: Response): Promise<void> {
  ctx.stats.recordRequest(op.operationId);
  const send = (status: number, body?: unknown, headers?: Record<string, string>) => {
    ctx.stats.recordStatus(status);
    if (headers) res.set(headers);
    if (body === undefined) res.status(status).end();
    else res.status(status).json(body);
  };
  const sendError = (error: V3Error) => send(error.status, error.body());

  const fault = ctx.faults.decide(op.operationId);
  if (fault.latencyMs > 0) await sleep(fault.latencyMs);
  switch (fault.action) {
    case 'storm':
      ctx.stats.recordFault('storm');
      return sendError(throttled());
    case 'drop':
      ctx.stats.recordFault('drop');
      req.socket.destroy();
      return;
    case 'timeout':
      ctx.stats.recordFault('timeout');
      ctx.heldResponses.add(res);
      res.on('close', () => ctx.heldResponses.delete(res));
      return;
    case 'error':
      ctx.stats.recordFault('error');
      return sendError(
        fault.errorStatus === 503
          ? new V3Error(503, 'service.unavailable', 'Our internal service is temporarily unavailable.')
          : new V3Error(500, 'server.error', 'There was a problem with our internal service.'),
      );
  }

  try {
    const claims = authenticate(req, ctx);
    const decision = ctx.limiter.admit(claims.cid);
    if (decision !== 'ok') {
      ctx.stats.recordThrottled(decision);
      throw decision === 'throttled' ? throttled() : quotaExceeded();
    }
    ctx.stats.recordAdmitted(claims.cid, ctx.clock.now());
    if (!claims.scp.includes(op.scope)) throw forbidden(op.scope);
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    let body: unknown;
    if (op.body) {
      if (!req.is('application/json')) {
        throw new V3Error(
          415,
          'unsupported.media.type',
          'Unsupported Media Type; the payload must be JSON and Content-Type must be application/json.',
        );
      }
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new V3Error(400, `${op.area}.api.bad.request`, 'The request body is not well-formed JSON.');
      }
      assertBody(op.body, body, op.area);
    }
    const reply = await op.handle(
      {
        params: req.params as Record<string, string>,
        query: new QueryReader(req.query as Record<string, unknown>, op.area),
        rawQuery: req.query as Record<string, unknown>,
        body,
        bodyBytes: raw.length,
        claims,
      },
      ctx,
    );
    send(reply.status, reply.body, reply.headers);
    reply.after?.();
  } catch (e) {
    if (e instanceof V3Error) return sendError(e);
    throw e;
  }
}

function authenticate(req: Request, ctx: SandboxContext): AccessTokenClaims {
  const header = req.headers.authorization;
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  const claims = match ? ctx.tokens.verifyAccessToken(match[1]) : null;
  if (!claims) throw unauthorized();
  return claims;
}
