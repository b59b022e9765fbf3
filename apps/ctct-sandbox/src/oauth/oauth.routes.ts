import express, { Request, Response, Router } from 'express';
import { randomBytes } from 'node:crypto';
import type { RateLimiter } from '../limits/rate-limiter';
import type { RequestStats } from '../stats/request-stats';
import { SANDBOX_USER, SandboxClient } from './clients';
import { consentPage, errorPage, signInPage } from './pages';
import { OAuthError, TokenService } from './token.service';

export const OAUTH_BASE = '/oauth2/default/v1';

/** An authorize request that passed validation and waits for sign-in and consent. */
interface PendingAuthorization {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state?: string;
  codeChallenge?: string;
  signedIn: boolean;
  createdAt: number;
}

const INTERACTION_TTL_MS = 30 * 60_000;

/**
 * What CC's authorization server (Okta) answers when its token endpoint's rate limit is hit. The status is CC's
 * (429); the body is Okta's documented rate-limit error, as CC has not published its own (uncertain).
 */
export const TOKEN_RATE_LIMITED_BODY = {
  errorCode: 'E0000047',
  errorSummary: 'API call exceeded rate limit due to too many requests.',
  errorLink: 'E0000047',
  errorCauses: [],
};

/** CC's authorization server paths: authorize (sign in + consent), token, revoke. */
export function oauthRouter(tokens: TokenService, limiter: RateLimiter, stats: RequestStats): Router {
  const router = express.Router();
  const pending = new Map<string, PendingAuthorization>();
  const form = express.urlencoded({ extended: false, limit: '64kb' });

  router.get(`${OAUTH_BASE}/authorize`, (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    const client = q.client_id ? tokens.getClient(q.client_id) : undefined;
    // Without a known client and an exactly registered redirect_uri there is nowhere safe to redirect to.
    if (!client) return void res.status(400).type('html').send(errorPage('Invalid client', 'The client_id is not registered.'));
    if (!q.redirect_uri || !client.redirectUris.includes(q.redirect_uri)) {
      return void res
        .status(400)
        .type('html')
        .send(errorPage('Invalid redirect_uri', "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings."));
    }
    const redirectError = (error: string, description: string) =>
      res.redirect(302, withQuery(q.redirect_uri!, { error, error_description: description, state: q.state }));
    if (q.response_type !== 'code') return redirectError('unsupported_response_type', 'response_type must be code.');
    let scopes: string[];
    try {
      scopes = tokens.parseScopes(q.scope);
    } catch (e) {
      return redirectError('invalid_scope', (e as Error).message);
    }
    if (q.code_challenge || q.code_challenge_method) {
      if (q.code_challenge_method !== 'S256') return redirectError('invalid_request', 'code_challenge_method must be S256.');
      if (!q.code_challenge || !/^[A-Za-z0-9_-]{43}$/.test(q.code_challenge)) {
        return redirectError('invalid_request', 'code_challenge must be the base64url SHA-256 of the code_verifier.');
      }
    } else if (!client.clientSecret) {
      return redirectError('invalid_request', 'PKCE code_challenge is required for public clients.');
    }
    expireOld(pending);
    const interaction = randomBytes(16).toString('hex');
    pending.set(interaction, {
      clientId: client.clientId,
      redirectUri: q.redirect_uri,
      scopes,
      state: q.state,
      codeChallenge: q.code_challenge,
      signedIn: false,
      createdAt: Date.now(),
    });
    res.type('html').send(signInPage(`${OAUTH_BASE}/authorize/${interaction}/sign-in`));
  });

  router.post(`${OAUTH_BASE}/authorize/:interaction/sign-in`, form, (req, res) => {
    const interaction = String(req.params.interaction);
    const flow = pending.get(interaction);
    if (!flow) return void res.status(400).type('html').send(errorPage('Session expired', 'Start the authorization again.'));
    const { email = '', password = '' } = (req.body ?? {}) as Record<string, string>;
    if (email.trim().toLowerCase() !== SANDBOX_USER.email || password !== SANDBOX_USER.password) {
      return void res
        .status(401)
        .type('html')
        .send(signInPage(`${OAUTH_BASE}/authorize/${interaction}/sign-in`, 'Unable to sign in: wrong email or password.', email));
    }
    flow.signedIn = true;
    res.type('html').send(consentPage(`${OAUTH_BASE}/authorize/${interaction}/consent`, flow.clientId, flow.scopes));
  });

  router.post(`${OAUTH_BASE}/authorize/:interaction/consent`, form, (req, res) => {
    const interaction = String(req.params.interaction);
    const flow = pending.get(interaction);
    if (!flow || !flow.signedIn) {
      return void res.status(400).type('html').send(errorPage('Session expired', 'Sign in and start the authorization again.'));
    }
    pending.delete(interaction);
    if ((req.body as Record<string, string> | undefined)?.decision !== 'allow') {
      return void res.redirect(
        302,
        withQuery(flow.redirectUri, {
          error: 'access_denied',
          error_description: 'The resource owner or authorization server denied the request.',
          state: flow.state,
        }),
      );
    }
    const code = tokens.createAuthorizationCode({
      clientId: flow.clientId,
      redirectUri: flow.redirectUri,
      scopes: flow.scopes,
      codeChallenge: flow.codeChallenge,
    });
    res.redirect(302, withQuery(flow.redirectUri, { code, state: flow.state }));
  });

  router.post(`${OAUTH_BASE}/token`, form, (req, res) => {
    handleOAuth(res, () => {
      requireFormBody(req);
      const body = req.body as Record<string, string | undefined>;
      const client = authenticateClient(tokens, req, body);
      const admitted = limiter.admitTokenRequest(client.clientId);
      stats.recordTokenRequest(admitted);
      if (!admitted) return new RateLimited();
      switch (body.grant_type) {
        case 'authorization_code':
          if (!body.code) throw new OAuthError('invalid_request', 'The code parameter is required.');
          return tokens.exchangeCode(client, body.code, body.redirect_uri, body.code_verifier);
        case 'refresh_token':
          return tokens.refresh(client, body.refresh_token);
        case undefined:
          throw new OAuthError('invalid_request', 'The grant_type parameter is required.');
        default:
          throw new OAuthError('unsupported_grant_type', `grant_type ${body.grant_type} is not supported.`);
      }
    });
  });

  router.post(`${OAUTH_BASE}/revoke`, form, (req, res) => {
    handleOAuth(res, () => {
      requireFormBody(req);
      const body = req.body as Record<string, string | undefined>;
      authenticateClient(tokens, req, body);
      if (!body.token) throw new OAuthError('invalid_request', 'The token parameter is required.');
      tokens.revoke(body.token);
      return undefined;
    });
  });

  return router;
}

function handleOAuth(res: Response, action: () => unknown): void {
  res.set('Cache-Control', 'no-store').set('Pragma', 'no-cache');
  try {
    const result = action();
    const errorId = `sandbox${randomBytes(8).toString('hex')}`;
    if (result instanceof RateLimited) res.status(429).json({ ...TOKEN_RATE_LIMITED_BODY, errorId });
    else if (result === undefined) res.status(200).end();
    else res.status(200).json(result);
  } catch (e) {
    if (!(e instanceof OAuthError)) throw e;
    if (e.status === 401) res.set('WWW-Authenticate', 'Basic realm="ctct-sandbox"');
    res.status(e.status).json({ error: e.error, error_description: e.description });
  }
}

/** The token endpoint's 1/s limit refused the request (answered 429, not an OAuth error body). */
class RateLimited {}

function requireFormBody(req: Request): void {
  if (!req.is('application/x-www-form-urlencoded')) {
    throw new OAuthError('invalid_request', 'The request must be application/x-www-form-urlencoded.');
  }
}

/** HTTP Basic `client_id:client_secret`, or `client_id` (+ `client_secret`) in the body. */
function authenticateClient(tokens: TokenService, req: Request, body: Record<string, string | undefined>): SandboxClient {
  let clientId = body.client_id;
  let secret = body.client_secret;
  const header = req.headers.authorization;
  if (header?.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    clientId = decodeURIComponent(colon >= 0 ? decoded.slice(0, colon) : decoded);
    secret = colon >= 0 ? decodeURIComponent(decoded.slice(colon + 1)) : undefined;
  }
  const client = clientId ? tokens.getClient(clientId) : undefined;
  if (!client) throw new OAuthError('invalid_client', 'Client authentication failed.', 401);
  if (client.clientSecret && secret !== client.clientSecret) {
    throw new OAuthError('invalid_client', 'Client authentication failed.', 401);
  }
  return client;
}

function withQuery(uri: string, params: Record<string, string | undefined>): string {
  const url = new URL(uri);
  for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value);
  return url.toString();
}

function expireOld(pending: Map<string, PendingAuthorization>): void {
  const cutoff = Date.now() - INTERACTION_TTL_MS;
  for (const [id, flow] of pending) if (flow.createdAt < cutoff) pending.delete(id);
}
