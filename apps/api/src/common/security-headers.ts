import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * The Content-Security-Policy of the admin and the API. Scripts only from our own origin: the Angular build
 * emits external module scripts and no inline script or event handler (critical-CSS inlining, which adds an
 * `onload` handler, is off in apps/admin/project.json). Styles allow 'unsafe-inline' because Angular and
 * Angular Material write component styles and style attributes at run time; style injection cannot run
 * script. Nothing may frame the admin (clickjacking), and forms may only post to ourselves.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
} as const;

const HSTS_MAX_AGE_SECONDS = 365 * 24 * 3600;

/**
 * Helmet's headers on every response (admin and API): CSP, X-Content-Type-Options nosniff, X-Frame-Options
 * DENY, Referrer-Policy same-origin, Cross-Origin-Opener/Resource-Policy same-origin… HSTS only when the
 * request reached us over TLS (directly or through a trusted proxy) or the public URL is https: over plain
 * http the header is meaningless and would only mislead.
 */
export function securityHeaders(publicUrlIsHttps: boolean): RequestHandler[] {
  const base = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { ...CONTENT_SECURITY_POLICY, upgradeInsecureRequests: null } },
    strictTransportSecurity: false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
  });
  const hsts = helmet.strictTransportSecurity({ maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: true });
  const hstsWhenTls = (request: Request, response: Response, next: NextFunction) =>
    request.secure || publicUrlIsHttps ? hsts(request, response, next) : next();
  // API answers are per-user data: never kept by browsers or shared caches.
  const noStoreForApi = (request: Request, response: Response, next: NextFunction) => {
    if (request.path === '/api' || request.path.startsWith('/api/')) response.setHeader('Cache-Control', 'no-store');
    next();
  };
  return [base, hstsWhenTls, noStoreForApi];
}
