import request from 'supertest';
import { createSandbox, Sandbox, SandboxOptions } from '../src';

export interface TestSandbox {
  sandbox: Sandbox;
  token: string;
  /** supertest bound to the app with the bearer token set. */
  get(path: string): request.Test;
  post(path: string, body?: unknown): request.Test;
  put(path: string, body?: unknown): request.Test;
  del(path: string): request.Test;
  raw: ReturnType<typeof request>;
}

/** A sandbox with no rate limit (unless asked), instant bulk activities and a token with every scope. */
export function testSandbox(options: SandboxOptions = {}, scopes?: string[]): TestSandbox {
  const sandbox = createSandbox({ rateLimit: false, activityProcessingDelayMs: 0, ...options });
  const token = sandbox.control.issueTokens({ scopes }).access_token;
  const raw = request(sandbox.app);
  const auth = (t: request.Test) => t.set('Authorization', `Bearer ${token}`);
  return {
    sandbox,
    token,
    raw,
    get: (path) => auth(raw.get(path)),
    post: (path, body) => auth(raw.post(path)).send(body as object),
    put: (path, body) => auth(raw.put(path)).send(body as object),
    del: (path) => auth(raw.delete(path)),
  };
}

export async function createList(t: TestSandbox, name: string): Promise<string> {
  const res = await t.post('/v3/contact_lists', { name });
  expect(res.status).toBe(201);
  return res.body.list_id;
}

export async function createContact(t: TestSandbox, address: string, extra: Record<string, unknown> = {}): Promise<any> {
  const res = await t.post('/v3/contacts', {
    email_address: { address, permission_to_send: 'implicit' },
    create_source: 'Account',
    ...extra,
  });
  expect(res.status).toBe(201);
  return res.body;
}

/** Follows `_links.next.href` to the end and returns every item under `key`. */
export async function collectPages(t: TestSandbox, firstPath: string, key: string): Promise<{ items: any[]; pages: number }> {
  const items: any[] = [];
  let path: string | undefined = firstPath;
  let pages = 0;
  while (path) {
    const res = await t.get(path);
    expect(res.status).toBe(200);
    items.push(...res.body[key]);
    pages++;
    path = res.body._links?.next?.href;
  }
  return { items, pages };
}
