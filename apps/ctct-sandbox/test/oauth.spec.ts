import { createHash, randomBytes } from 'node:crypto';
import request from 'supertest';
import { DEMO_CLIENT, DEMO_PUBLIC_CLIENT, SANDBOX_USER, createSandbox } from '../src';

const REDIRECT = DEMO_CLIENT.redirectUris[0];
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const pkcePair = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

type Agent = ReturnType<typeof request>;

/** Drives the authorize pages like a browser: sign in, then Allow or Deny. Returns the redirect URL. */
async function authorize(agent: Agent, params: Record<string, string>, decision: 'allow' | 'deny' = 'allow'): Promise<URL> {
  const page = await agent.get('/oauth2/default/v1/authorize').query(params);
  expect(page.status).toBe(200);
  expect(page.text).toContain('id="email"');
  expect(page.text).toContain('id="password"');
  expect(page.text).toContain('id="sign-in"');
  const signInAction = /action="([^"]+)"/.exec(page.text)![1];
  const consent = await agent.post(signInAction).type('form').send({ email: SANDBOX_USER.email, password: SANDBOX_USER.password });
  expect(consent.status).toBe(200);
  expect(consent.text).toContain('id="allow"');
  expect(consent.text).toContain('id="deny"');
  const consentAction = /action="([^"]+)"/.exec(consent.text)![1];
  const redirect = await agent.post(consentAction).type('form').send({ decision });
  expect(redirect.status).toBe(302);
  return new URL(redirect.headers.location);
}

const decodeJwt = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());

describe('OAuth2 authorization server', () => {
  it('completes the authorization-code flow with PKCE S256 and round-trips state', async () => {
    const sandbox = createSandbox({ rateLimit: false });
    const agent = request(sandbox.app);
    const { verifier, challenge } = pkcePair();
    const url = await authorize(agent, {
      client_id: DEMO_PUBLIC_CLIENT.clientId,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'contact_data campaign_data offline_access',
      state: 'xyz-123',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    expect(`${url.origin}${url.pathname}`).toBe(REDIRECT);
    expect(url.searchParams.get('state')).toBe('xyz-123');
    const token = await agent
      .post('/oauth2/default/v1/token')
      .type('form')
      .send({
        grant_type: 'authorization_code',
        code: url.searchParams.get('code'),
        redirect_uri: REDIRECT,
        client_id: DEMO_PUBLIC_CLIENT.clientId,
        code_verifier: verifier,
      });
    expect(token.status).toBe(200);
    expect(token.body).toMatchObject({ token_type: 'Bearer', expires_in: 86_400, scope: 'contact_data campaign_data offline_access' });
    expect(token.body.refresh_token).toEqual(expect.any(String));
    const claims = decodeJwt(token.body.access_token);
    expect(claims).toMatchObject({ cid: DEMO_PUBLIC_CLIENT.clientId, scp: ['contact_data', 'campaign_data', 'offline_access'] });
    expect(claims.exp - claims.iat).toBe(86_400);
    expect(claims.jti).toEqual(expect.any(String));
    const api = await agent.get('/v3/contacts').set('Authorization', `Bearer ${token.body.access_token}`);
    expect(api.status).toBe(200);
  });

  it('lets a confidential client exchange a code with HTTP Basic auth and issues no refresh token without offline_access', async () => {
    const sandbox = createSandbox({ rateLimit: false });
    const agent = request(sandbox.app);
    const url = await authorize(agent, {
      client_id: DEMO_CLIENT.clientId,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'contact_data',
      state: 's',
    });
    const token = await agent
      .post('/oauth2/default/v1/token')
      .set('Authorization', basic(DEMO_CLIENT.clientId, DEMO_CLIENT.clientSecret))
      .type('form')
      .send({ grant_type: 'authorization_code', code: url.searchParams.get('code'), redirect_uri: REDIRECT });
    expect(token.status).toBe(200);
    expect(token.body.refresh_token).toBeUndefined();
  });

  it('redirects a denied consent with access_denied and the state', async () => {
    const sandbox = createSandbox();
    const url = await authorize(
      request(sandbox.app),
      { client_id: DEMO_CLIENT.clientId, redirect_uri: REDIRECT, response_type: 'code', scope: 'contact_data', state: 'st8' },
      'deny',
    );
    expect(url.searchParams.get('error')).toBe('access_denied');
    expect(url.searchParams.get('error_description')).toBeTruthy();
    expect(url.searchParams.get('state')).toBe('st8');
    expect(url.searchParams.get('code')).toBeNull();
  });

  it('refuses an unregistered redirect_uri or client with an error page, without redirecting', async () => {
    const agent = request(createSandbox().app);
    const badRedirect = await agent
      .get('/oauth2/default/v1/authorize')
      .query({ client_id: DEMO_CLIENT.clientId, redirect_uri: 'https://evil.example/cb', response_type: 'code', scope: 'contact_data' });
    expect(badRedirect.status).toBe(400);
    expect(badRedirect.headers.location).toBeUndefined();
    const badClient = await agent
      .get('/oauth2/default/v1/authorize')
      .query({ client_id: 'nobody', redirect_uri: REDIRECT, response_type: 'code', scope: 'contact_data' });
    expect(badClient.status).toBe(400);
    expect(badClient.headers.location).toBeUndefined();
  });

  it('shows the sign-in form again on a wrong password', async () => {
    const agent = request(createSandbox().app);
    const page = await agent
      .get('/oauth2/default/v1/authorize')
      .query({ client_id: DEMO_CLIENT.clientId, redirect_uri: REDIRECT, response_type: 'code', scope: 'contact_data' });
    const action = /action="([^"]+)"/.exec(page.text)![1];
    const retry = await agent.post(action).type('form').send({ email: SANDBOX_USER.email, password: 'wrong' });
    expect(retry.status).toBe(401);
    expect(retry.text).toContain('id="error"');
    expect(retry.text).toContain('id="sign-in"');
  });

  it('refuses a wrong PKCE verifier, a reused code and an expired code with invalid_grant', async () => {
    // Several token requests back to back: the token endpoint's 1/s limit is tested in limits.spec.
    const sandbox = createSandbox({ rateLimit: false });
    const agent = request(sandbox.app);
    const exchange = (code: string | null, verifier: string) =>
      agent.post('/oauth2/default/v1/token').type('form').send({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        client_id: DEMO_PUBLIC_CLIENT.clientId,
        code_verifier: verifier,
      });
    const params = (challenge: string) => ({
      client_id: DEMO_PUBLIC_CLIENT.clientId,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'contact_data offline_access',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });

    const first = pkcePair();
    const code1 = (await authorize(agent, params(first.challenge))).searchParams.get('code');
    const wrong = await exchange(code1, pkcePair().verifier);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe('invalid_grant');
    expect((await exchange(code1, first.verifier)).status).toBe(200);
    const reused = await exchange(code1, first.verifier);
    expect(reused.status).toBe(400);
    expect(reused.body.error).toBe('invalid_grant');

    const second = pkcePair();
    const code2 = (await authorize(agent, params(second.challenge))).searchParams.get('code');
    sandbox.control.setClockOffsetMs(5 * 60_000 + 1000);
    const expired = await exchange(code2, second.verifier);
    expect(expired.status).toBe(400);
    expect(expired.body).toEqual({ error: 'invalid_grant', error_description: expect.any(String) });
  });

  it('rotates refresh tokens: each refresh returns a new one and the old one fails with invalid_grant', async () => {
    // Several token requests back to back: the token endpoint's 1/s limit is tested in limits.spec.
    const sandbox = createSandbox({ rateLimit: false });
    const agent = request(sandbox.app);
    const first = sandbox.control.issueTokens({ scopes: ['contact_data', 'offline_access'] });
    const refresh = (token: string) =>
      agent
        .post('/oauth2/default/v1/token')
        .set('Authorization', basic(DEMO_CLIENT.clientId, DEMO_CLIENT.clientSecret))
        .type('form')
        .send({ grant_type: 'refresh_token', refresh_token: token });
    const second = await refresh(first.refresh_token!);
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    expect(second.body.access_token).not.toBe(first.access_token);
    const reuse = await refresh(first.refresh_token!);
    expect(reuse.status).toBe(400);
    expect(reuse.body).toEqual({ error: 'invalid_grant', error_description: 'unknown, invalid, or expired refresh token' });
    expect((await refresh(second.body.refresh_token)).status).toBe(200);
  });

  it('returns the same refresh token to a long-lived client', async () => {
    const client = { clientId: 'long', clientSecret: 's', redirectUris: [REDIRECT], refreshTokenType: 'long_lived' as const };
    const sandbox = createSandbox({ clients: [client] });
    const first = sandbox.control.issueTokens({ clientId: 'long', scopes: ['contact_data', 'offline_access'] });
    const res = await request(sandbox.app)
      .post('/oauth2/default/v1/token')
      .set('Authorization', basic('long', 's'))
      .type('form')
      .send({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(res.status).toBe(200);
    expect(res.body.refresh_token).toBe(first.refresh_token);
  });

  it('refuses bad client credentials with invalid_client', async () => {
    const res = await request(createSandbox().app)
      .post('/oauth2/default/v1/token')
      .set('Authorization', basic(DEMO_CLIENT.clientId, 'nope'))
      .type('form')
      .send({ grant_type: 'refresh_token', refresh_token: 'x' });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_client');
  });

  it('expires access tokens after the configured TTL (401 on the API)', async () => {
    const sandbox = createSandbox({ accessTokenTtlSeconds: 2 });
    const { access_token, expires_in } = sandbox.control.issueTokens();
    expect(expires_in).toBe(2);
    const agent = request(sandbox.app);
    expect((await agent.get('/v3/contacts').set('Authorization', `Bearer ${access_token}`)).status).toBe(200);
    sandbox.control.setClockOffsetMs(2_500);
    const expired = await agent.get('/v3/contacts').set('Authorization', `Bearer ${access_token}`);
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({ error_key: 'unauthorized', error_message: 'Unauthorized' });
  });

  it('revokes access and refresh tokens at the revoke endpoint', async () => {
    const sandbox = createSandbox();
    const agent = request(sandbox.app);
    const tokens = sandbox.control.issueTokens();
    const revoke = (token: string) =>
      agent
        .post('/oauth2/default/v1/revoke')
        .set('Authorization', basic(DEMO_CLIENT.clientId, DEMO_CLIENT.clientSecret))
        .type('form')
        .send({ token });
    expect((await revoke(tokens.access_token)).status).toBe(200);
    expect((await agent.get('/v3/contacts').set('Authorization', `Bearer ${tokens.access_token}`)).status).toBe(401);
    expect((await revoke(tokens.refresh_token!)).status).toBe(200);
    const refresh = await agent
      .post('/oauth2/default/v1/token')
      .set('Authorization', basic(DEMO_CLIENT.clientId, DEMO_CLIENT.clientSecret))
      .type('form')
      .send({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(refresh.body.error).toBe('invalid_grant');
  });

  it('answers 403 when the token lacks the scope an operation needs', async () => {
    const sandbox = createSandbox({ rateLimit: false });
    const { access_token } = sandbox.control.issueTokens({ scopes: ['contact_data'] });
    const agent = request(sandbox.app);
    expect((await agent.get('/v3/contacts').set('Authorization', `Bearer ${access_token}`)).status).toBe(200);
    const emails = await agent.get('/v3/emails').set('Authorization', `Bearer ${access_token}`);
    expect(emails.status).toBe(403);
    expect(emails.body[0].error_key).toEqual(expect.any(String));
    expect((await agent.get('/v3/account/summary').set('Authorization', `Bearer ${access_token}`)).status).toBe(403);
  });

  it('answers 401 to a missing or forged bearer token', async () => {
    const agent = request(createSandbox().app);
    expect((await agent.get('/v3/contacts')).status).toBe(401);
    const forged = await agent.get('/v3/contacts').set('Authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl');
    expect(forged.status).toBe(401);
    expect(forged.body).toEqual({ error_key: 'unauthorized', error_message: 'Unauthorized' });
  });
});
