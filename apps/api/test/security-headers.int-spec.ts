import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, TestApp } from './support/test-app';

/** Security headers on the admin's pages and on API answers; HSTS only over TLS. */
describe('security headers (real app)', () => {
  let t: TestApp;
  let adminDir: string;
  beforeAll(async () => {
    adminDir = mkdtempSync(join(tmpdir(), 'admin-'));
    writeFileSync(
      join(adminDir, 'index.html'),
      '<!doctype html><html><body><app-root></app-root><script src="main.js" type="module"></script></body></html>',
    );
    t = await startTestApp({ ADMIN_STATIC_DIR: adminDir });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(adminDir, { recursive: true, force: true });
  });

  it('serves the admin with a CSP that allows scripts from our origin only and forbids framing', async () => {
    const response = await t.http().get('/contacts').expect(200);
    const csp = String(response.headers['content-security-policy']);
    const directives = Object.fromEntries(
      csp
        .split(';')
        .map((part) => part.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['form-action']).toEqual(["'self'"]);
    expect(csp).not.toMatch(/unsafe-eval/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['referrer-policy']).toBe('same-origin');
    expect(response.headers['cross-origin-opener-policy']).toBe('same-origin');
  });

  it('sends the same headers with API answers, which no cache may keep', async () => {
    const response = await t.http().get('/api/health').expect(200);
    expect(response.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('sends HSTS only when the request came over TLS (here: through a trusted proxy)', async () => {
    const plain = await t.http().get('/api/health').expect(200);
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    const tls = await t.http().get('/api/health').set('X-Forwarded-Proto', 'https').expect(200);
    expect(tls.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });
});
