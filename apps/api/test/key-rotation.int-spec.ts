import { toTokenSet } from '../src/modules/ctct/ctct-token.client';
import { CtctAuthorizationService } from '../src/modules/ctct/ctct-authorization.service';
import { CtctClient } from '../src/modules/ctct/ctct.client';
import { startTestSandbox, TestSandbox } from './support/sandbox';
import { startTestApp, TestApp } from './support/test-app';
import { createTestDatabase, TestDatabase } from './support/test-database';

const OLD_KEY = Buffer.alloc(32, 1).toString('base64');
const NEW_KEY = Buffer.alloc(32, 2).toString('base64');
const OLD_SECRET = 'the-old-session-secret-that-is-long-enough';
const NEW_SECRET = 'the-new-session-secret-that-is-long-enough';

/** SECURITY.md's rotation procedure, as an operator runs it: restart with new keys, keep the CC connection. */
describe('rotating TOKEN_ENCRYPTION_KEY and SESSION_SECRET (real app, sandbox, PostgreSQL)', () => {
  let cc: TestSandbox;
  let database: TestDatabase;
  beforeAll(async () => {
    cc = await startTestSandbox();
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await cc?.running.close();
    await database?.drop();
  });

  const start = (env: Record<string, string>) =>
    startTestApp({ ...cc.apiEnv, SYNC_WORKER: 'false', PUSH_WORKER: 'false', ...env }, { database });
  const accountName = async (t: TestApp) => (await t.app.get(CtctClient).call('getAccountById', {})).organization_name;

  it('keeps the CC connection and the signed-in sessions through a rotation of both keys', async () => {
    let t = await start({ TOKEN_ENCRYPTION_KEY: OLD_KEY, SESSION_SECRET: OLD_SECRET });
    await t.app.get(CtctAuthorizationService).complete(toTokenSet(cc.sandbox.control.issueTokens()), null);
    const organization = await accountName(t);
    const agent = await t.signedIn();
    await t.close();

    // Step 1: the new keys, the old ones kept as "previous": tokens move to the new key at start.
    t = await start({
      TOKEN_ENCRYPTION_KEY: NEW_KEY,
      TOKEN_ENCRYPTION_KEY_PREVIOUS: OLD_KEY,
      SESSION_SECRET: NEW_SECRET,
      SESSION_SECRET_PREVIOUS: OLD_SECRET,
    });
    expect(await accountName(t)).toBe(organization);
    const cookie = (agent as unknown as { jar: { getCookies(access: unknown): Array<{ name: string; value: string }> } }).jar
      .getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false })
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
    await t.http().get('/api/auth/me').set('Cookie', cookie).expect(200);
    await t.close();

    // Step 2: the previous values removed: the connection still works, sessions signed with the old secret end.
    t = await start({ TOKEN_ENCRYPTION_KEY: NEW_KEY, SESSION_SECRET: NEW_SECRET });
    try {
      expect(await accountName(t)).toBe(organization);
      expect((await (await t.signedIn()).get('/api/ctct/connection').expect(200)).body.state).toBe('connected');
      await t.http().get('/api/auth/me').set('Cookie', cookie).expect(401);
    } finally {
      await t.close();
    }
  });
});
