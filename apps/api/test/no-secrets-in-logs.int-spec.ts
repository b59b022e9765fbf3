import { CtctAuthorizationService } from '../src/modules/ctct/ctct-authorization.service';
import { toTokenSet } from '../src/modules/ctct/ctct-token.client';
import { CtctClient } from '../src/modules/ctct/ctct.client';
import { startTestSandbox, TestSandbox } from './support/sandbox';
import { startTestApp, TEST_ADMIN, TestApp } from './support/test-app';

describe('no secret ever reaches a log line (the API at debug level)', () => {
  let cc: TestSandbox;
  let t: TestApp;
  const written: string[] = [];
  let restore: () => void;

  beforeAll(async () => {
    cc = await startTestSandbox({ rateLimit: false });
    const original = process.stdout.write.bind(process.stdout);
    // Captured, not passed on: the test output stays readable.
    process.stdout.write = ((chunk: string | Uint8Array) => {
      written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    }) as typeof process.stdout.write;
    restore = () => (process.stdout.write = original);
    t = await startTestApp({ ...cc.apiEnv, LOG_LEVEL: 'debug' });
  });
  afterAll(async () => {
    restore?.();
    await t?.close();
    await cc?.running.close();
  });

  it('logs requests, the connection and CC calls without a token, password, cookie or OAuth code', async () => {
    // The whole life of a connection: consent callback, calls, a forced refresh, disconnect.
    const agent = await t.signedIn();
    const start = await agent.get('/api/ctct/connect').expect(302);
    const code = 'code-that-must-not-be-logged';
    await agent
      .get('/api/ctct/oauth/callback')
      .query({ code, state: new URL(start.headers.location).searchParams.get('state') })
      .expect(302);
    const tokens = cc.sandbox.control.issueTokens();
    await t.app.get(CtctAuthorizationService).complete(toTokenSet(tokens), null);
    const client = t.app.get(CtctClient);
    await client.call('getAccountById');
    cc.sandbox.control.revokeToken(tokens.access_token);
    await client.call('getAccountById');
    await agent.post('/api/ctct/disconnect').expect(200);

    const output = written.join('');
    expect(output).toMatch(/"msg":"request completed"/);
    for (const secret of [tokens.access_token, tokens.refresh_token!, TEST_ADMIN.password, code, t.config.SESSION_SECRET]) {
      expect(output).not.toContain(secret);
    }
    expect(output).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}/);
    expect(output).not.toMatch(/ctct_session=/);
  });
});
