import { redactBodyForLog, redactQueryForLog } from './redaction';

describe('API log redaction', () => {
  it('removes tokens and secrets from JSON bodies at any depth', () => {
    const body = {
      access_token: 'eyJa.b.c',
      nested: { refresh_token: 'r1', client_secret: 's' },
      list: [{ password: 'p' }],
      email: 'a@b.co',
    };
    const logged = redactBodyForLog(body, 'application/json', 10_000)!;
    expect(logged).not.toMatch(/eyJa|r1|"s"|"p"/);
    expect(JSON.parse(logged)).toMatchObject({ email: 'a@b.co', nested: { refresh_token: '[redacted]' } });
  });

  it('removes the code, verifier and refresh token from form-encoded OAuth bodies', () => {
    const logged = redactBodyForLog(
      'grant_type=refresh_token&refresh_token=abc123&code_verifier=v&code=c9',
      'application/x-www-form-urlencoded',
      10_000,
    )!;
    expect(logged).toContain('grant_type=refresh_token');
    expect(logged).not.toMatch(/abc123|=v(&|$)|c9/);
  });

  it('catches JWT-shaped text in non-JSON bodies', () => {
    expect(redactBodyForLog('token was eyJhbGciOi.eyJzdWIi.sig ok', 'text/plain', 10_000)).toBe('token was [redacted] ok');
  });

  it('cuts long bodies at the limit and says so', () => {
    const logged = redactBodyForLog({ data: 'x'.repeat(5000) }, 'application/json', 1000)!;
    expect(Buffer.byteLength(logged)).toBeLessThan(1100);
    expect(logged).toMatch(/cut at 1000 of \d+ bytes/);
  });

  it('cuts a body of multi-byte text at the limit in bytes, and counts all of its bytes', () => {
    const text = JSON.stringify({ note: 'é'.repeat(3000), refresh_token: 'r1' });
    const logged = redactBodyForLog(text, 'application/json', 1001)!;
    const redacted = JSON.stringify({ note: 'é'.repeat(3000), refresh_token: '[redacted]' });
    expect(logged).toBe(
      `${Buffer.from(redacted).subarray(0, 1001).toString('utf8')}…[cut at 1001 of ${Buffer.byteLength(redacted)} bytes]`,
    );
  });

  it('redacts secrets in query strings', () => {
    expect(redactQueryForLog('code=abc&state=s1&limit=500')).toBe('code=[redacted]&state=s1&limit=500');
  });
});
