import express, { NextFunction, Request, Response, Router } from 'express';
import { V3Error } from '../http/errors';
import { OAuthError } from '../oauth/token.service';
import { SandboxControl } from './sandbox-control';

export const CONTROL_PREFIX = '/__sandbox';

/**
 * The control API (JSON) under /__sandbox: never part of the V3 surface, never rate limited, counted
 * or authenticated by V3 rules.
 */
export function controlRouter(control: SandboxControl): Router {
  const router = express.Router();
  router.use(express.json({ limit: '64mb' }));
  const route =
    (action: (req: Request) => unknown | Promise<unknown>, status = 200) =>
    async (req: Request, res: Response, next: NextFunction) => {
      try {
        const result = await action(req);
        if (result === undefined) res.status(204).end();
        else res.status(status).json(result);
      } catch (e) {
        if (e instanceof V3Error) return void res.status(e.status).json({ error: e.errorKey, message: e.message });
        if (e instanceof OAuthError) return void res.status(e.status).json({ error: e.error, message: e.description });
        if (e instanceof Error) return void res.status(400).json({ error: 'bad_request', message: e.message });
        next(e);
      }
    };
  const body = (req: Request) => (req.body ?? {}) as Record<string, any>;

  router.get(
    '/health',
    route(() => ({ status: 'ok' })),
  );
  router.post(
    '/tokens',
    route((req) => control.issueTokens(body(req)), 201),
  );
  router.post(
    '/clients',
    route((req) => control.registerClient(body(req) as never)),
  );
  router.post(
    '/revoke-all',
    route(() => control.revokeAllTokens()),
  );
  router.post(
    '/revoke',
    route((req) => control.revokeToken(String(body(req).token ?? ''))),
  );
  router.put(
    '/token-ttl',
    route((req) => control.setAccessTokenTtlSeconds(Number(body(req).seconds))),
  );

  router.get(
    '/stats',
    route(() => control.stats()),
  );
  router.post(
    '/stats/reset',
    route(() => control.resetStats()),
  );
  router.get(
    '/rate-limit',
    route(() => ({ rateLimit: control.getRateLimit() })),
  );
  router.put(
    '/rate-limit',
    route((req) => {
      const b = body(req);
      const tokenPerSecond = b.tokenPerSecond === undefined ? {} : { tokenPerSecond: Number(b.tokenPerSecond) };
      const limit = { perSecond: Number(b.perSecond), perDay: Number(b.perDay), ...tokenPerSecond };
      control.setRateLimit(b.off === true || b.rateLimit === false ? false : limit);
    }),
  );

  router.get(
    '/faults',
    route(() => control.getFaults()),
  );
  router.put(
    '/faults',
    route((req) => control.setFaults(body(req))),
  );
  router.delete(
    '/faults',
    route(() => control.clearFaults()),
  );

  router.get(
    '/clock',
    route(() => control.clock()),
  );
  router.put(
    '/clock',
    route((req) => {
      const b = body(req);
      if (typeof b.now === 'string') control.setNow(b.now);
      else control.setClockOffsetMs(Number(b.offsetMs ?? 0));
      return control.clock();
    }),
  );

  router.post(
    '/scenario',
    route((req) => control.loadScenario(body(req) as never)),
  );
  router.post(
    '/reset',
    route(() => control.resetData()),
  );
  router.post(
    '/snapshot',
    route((req) => control.snapshot(String(body(req).file))),
  );
  router.post(
    '/restore',
    route((req) => control.restore(String(body(req).file))),
  );
  router.put(
    '/activity-delay',
    route((req) => control.setActivityProcessingDelayMs(Number(body(req).ms))),
  );
  router.post(
    '/activities/settle',
    route(() => control.settleActivities()),
  );

  router.get(
    '/contacts',
    route((req) => {
      const contact = control.findContactByEmail(String(req.query.email ?? ''));
      if (!contact) throw new V3Error(404, 'sandbox.not_found', 'No contact with that email.');
      return contact;
    }),
  );
  router.get(
    '/contacts/:id',
    route((req) => {
      const contact = control.getContact(String(req.params.id));
      if (!contact) throw new V3Error(404, 'sandbox.not_found', 'No such contact.');
      return contact;
    }),
  );
  router.post(
    '/contacts/:id/confirm-resubscribe',
    route((req) => control.confirmResubscribe(String(req.params.id))),
  );
  router.post(
    '/contacts/:id/purge',
    route((req) => control.purgeContact(String(req.params.id))),
  );
  router.get(
    '/lists',
    route(() => control.getLists()),
  );
  router.get(
    '/lists/:id/members',
    route((req) => control.listMembers(String(req.params.id))),
  );
  router.get(
    '/campaigns',
    route(() => control.listCampaigns()),
  );
  router.post(
    '/engagement',
    route((req) => control.addEngagement(body(req) as never)),
  );
  return router;
}
