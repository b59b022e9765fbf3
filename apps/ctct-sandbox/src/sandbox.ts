import express, { Express } from 'express';
import { AddressInfo } from 'node:net';
import { SandboxClock } from './clock';
import { CONTROL_PREFIX, controlRouter } from './control/control.routes';
import { SandboxControl, createControl } from './control/sandbox-control';
import { FaultInjector } from './faults/fault-injector';
import { V3Operation, v3Router } from './http/v3-router';
import { DEFAULT_RATE_LIMIT, RateLimitConfig, RateLimiter } from './limits/rate-limiter';
import { DEMO_CLIENT, DEMO_PUBLIC_CLIENT, SandboxClient } from './oauth/clients';
import { OAUTH_BASE, oauthRouter } from './oauth/oauth.routes';
import { TokenService } from './oauth/token.service';
import { accountOperations } from './routes/account.routes';
import { activitiesOperations } from './routes/activities.routes';
import { contactListsOperations } from './routes/contact-lists.routes';
import { contactsOperations } from './routes/contacts.routes';
import { emailsOperations } from './routes/emails.routes';
import { reportsOperations } from './routes/reports.routes';
import { AccountSummary, DEFAULT_ACCOUNT, SandboxContext } from './sandbox-context';
import { ScenarioOptions } from './scenario/scenario';
import { RequestStats } from './stats/request-stats';
import { BulkActivityStore } from './store/bulk-activity.store';
import { CampaignStore } from './store/campaign.store';
import { ContactStore } from './store/contact.store';
import { TrackingStore } from './store/tracking.store';

export interface SandboxOptions {
  /** Default { perSecond: 4, perDay: 10_000 } (CC's standard plan); false turns limits off. */
  rateLimit?: RateLimitConfig | false;
  /** Default 86,400 (CC's 24 h). */
  accessTokenTtlSeconds?: number;
  /** Registered OAuth apps; default: DEMO_CLIENT (confidential) and DEMO_PUBLIC_CLIENT (PKCE). */
  clients?: SandboxClient[];
  /** The CC account's summary; merged over DEFAULT_ACCOUNT. */
  account?: Partial<AccountSummary>;
  /** Seed data loaded at creation. */
  scenario?: ScenarioOptions;
  /** How long bulk activities stay initialized/processing; default 200 ms, 0 = done by the next request. */
  activityProcessingDelayMs?: number;
}

export interface RunningSandbox {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface Sandbox {
  /** Mount it or serve it yourself. */
  app: Express;
  /** port 0 = a random free port. Default 4010 on 127.0.0.1. */
  listen(port?: number, host?: string): Promise<RunningSandbox>;
  control: SandboxControl;
}

/** Every V3 operation the sandbox serves, by the spec's operationId. */
export const V3_OPERATIONS: readonly V3Operation[] = [
  ...accountOperations,
  ...contactsOperations,
  ...contactListsOperations,
  ...activitiesOperations,
  ...emailsOperations,
  ...reportsOperations,
];

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const clock = new SandboxClock();
  const ctx: SandboxContext = {
    clock,
    contacts: new ContactStore(clock),
    campaigns: new CampaignStore(),
    tracking: new TrackingStore(),
    bulk: new BulkActivityStore(clock, options.activityProcessingDelayMs ?? 200),
    tokens: new TokenService(clock, options.accessTokenTtlSeconds ?? 86_400, options.clients ?? [DEMO_CLIENT, DEMO_PUBLIC_CLIENT]),
    limiter: new RateLimiter(clock, options.rateLimit === undefined ? DEFAULT_RATE_LIMIT : options.rateLimit),
    stats: new RequestStats(),
    faults: new FaultInjector(),
    account: { ...DEFAULT_ACCOUNT, ...options.account },
    heldResponses: new Set(),
  };
  const control = createControl(ctx);
  if (options.scenario) control.loadScenario(options.scenario);

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // CC's Date header follows CC's clock: here the sandbox clock, "now" offset included, so a test can move CC's
  // midnight without moving the API's (the API estimates CC's clock from this header).
  app.use((_req, res, next) => {
    res.setHeader('Date', new Date(clock.now()).toUTCString());
    next();
  });
  app.get('/', (_req, res) => {
    res.json({
      name: 'ctct-sandbox',
      v3: '/v3',
      oauth: { authorize: `${OAUTH_BASE}/authorize`, token: `${OAUTH_BASE}/token`, revoke: `${OAUTH_BASE}/revoke` },
      control: CONTROL_PREFIX,
      operations: V3_OPERATIONS.map((op) => op.operationId),
    });
  });
  app.use(oauthRouter(ctx.tokens, ctx.limiter, ctx.stats));
  app.use(CONTROL_PREFIX, controlRouter(control));
  app.use('/v3', v3Router([...V3_OPERATIONS], ctx));

  return {
    app,
    control,
    listen(port = 4010, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        const server = app.listen(port, host);
        server.once('error', reject);
        server.once('listening', () => {
          const address = server.address() as AddressInfo;
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve({
            url: `http://${shownHost}:${address.port}`,
            port: address.port,
            close: () =>
              new Promise<void>((done) => {
                ctx.bulk.clear();
                for (const res of ctx.heldResponses) res.destroy();
                ctx.heldResponses.clear();
                server.close(() => done());
                server.closeAllConnections();
              }),
          });
        });
      });
    },
  };
}
