import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CTCT_OPERATIONS, operationPath } from './ctct-operations';
import type { CtctClient } from './ctct.client';

// CC's contract is read from ../shared/reference (never copied into the repo); without it the contract check skips.
const SPEC_PATH = resolve(__dirname, '../../../../../../shared/reference/constant-contact-v3.swagger.json');
const itWithContract = existsSync(SPEC_PATH) ? it : it.skip;

describe('the named V3 operations', () => {
  it('fills path parameters, URL-encoded', () => {
    const id = '0b8f0e8e-0000-4000-8000-000000000001';
    expect(operationPath('getContact', { contact_id: id })).toBe(`/contacts/${id}`);
    expect(operationPath('getOpens', { campaign_activity_id: 'a/b' })).toBe('/reports/email_reports/a%2Fb/tracking/opens');
    expect(operationPath('getContacts')).toBe('/contacts');
  });

  it('refuses to build a path with a parameter missing', () => {
    expect(() => operationPath('putContact', {})).toThrow('putContact needs the path parameter contact_id');
  });

  itWithContract("uses each operation's method and path from CC's V3 contract", () => {
    const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as { paths: Record<string, Record<string, { operationId?: string }>> };
    const contract = new Map<string, { method: string; path: string }>();
    for (const [path, item] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (operation?.operationId) contract.set(operation.operationId, { method: method.toUpperCase(), path });
      }
    }
    for (const [name, ours] of Object.entries(CTCT_OPERATIONS)) expect({ name, ...ours }).toEqual({ name, ...contract.get(name) });
  });

  it('types every call by its operation (checked by tsc, not run)', () => {
    const typed = async (client: CtctClient) => {
      const contact = await client.call('getContact', { params: { contact_id: 'id' }, query: { include: 'list_memberships' } });
      const email: string | undefined = contact.email_address?.address;
      // @ts-expect-error getContact needs its contact_id
      await client.call('getContact', {});
      // @ts-expect-error putContact needs a body
      await client.call('putContact', { params: { contact_id: 'id' } });
      // @ts-expect-error getLists takes no body
      await client.call('getLists', { body: { name: 'x' } });
      // @ts-expect-error an operation we do not call
      await client.call('deleteContact', { params: { contact_id: 'id' } });
      for await (const page of client.pages('getContacts', { query: { limit: 500 } })) return page.contacts.length + String(email).length;
      return 0;
    };
    expect(typeof typed).toBe('function');
  });
});
