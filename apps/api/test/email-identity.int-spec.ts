import { DataSource } from 'typeorm';
import { emailKey } from '../src/modules/contacts/email-key';
import { ContactsEmailKey1763857100000 } from '../src/modules/contacts/migrations/1763857100000-contacts-email-key';
import { toTokenSet } from '../src/modules/ctct/ctct-token.client';
import { CtctAuthorizationService } from '../src/modules/ctct/ctct-authorization.service';
import { buildDataSourceOptions } from '../src/database/data-source-options';
import { MIGRATIONS } from '../src/database/migrations';
import { RunsService } from '../src/modules/runs/runs.service';
import { SettingsService } from '../src/modules/settings/settings.service';
import { startTestSandbox, TestSandbox } from './support/sandbox';
import { waitForRun } from './support/sync-helpers';
import { startTestApp, TestApp } from './support/test-app';
import { createTestDatabase } from './support/test-database';

// Addresses as real CRMs hold them: case, spaces, NFC/NFD, IDN and punycode, plus-tags, and letters whose case
// folding depends on the locale (Turkish i, German ß, Greek σ).
const CORPUS = [
  'jane@example.com',
  '  Jane.Doe@Example.COM ',
  '\tMIXED@Sub.Example.ORG\n',
  '\u00a0nbsp@example.com\u3000',
  '\ufeffbom@example.com',
  'ann+news@example.com',
  'O.Brien@Mail.Example.co.uk',
  'jos\u00e9@example.com',
  'jose\u0301@example.com',
  'JOSE\u0301@EXAMPLE.COM',
  'ÉMILE@Example.com',
  'IRMAK@example.com',
  'ırmak@example.com',
  'İpek@example.com',
  'STRAẞE@example.de',
  'straße@example.de',
  'ΟΔΟΣ@example.gr',
  'οδος@example.gr',
  'ann@XN--BCHER-KVA.de',
  'no-at-sign.example',
  'quoted"@"local@example.com',
  '   ',
  '',
];
const NON_ASCII_DOMAINS = ['ann@bücher.de', 'Ann@BÜCHER.DE', 'ann@bu\u0308cher.de', 'li@例子.广告'];

describe('one email key in the application and in PostgreSQL', () => {
  it('PostgreSQL keys every address with an ASCII domain exactly as the application does, and leaves IDN domains to it', async () => {
    const database = await createTestDatabase();
    const dataSource = await new DataSource(buildDataSourceOptions(database.url, 2)).initialize();
    try {
      await dataSource.runMigrations();
      for (const email of CORPUS) {
        const [{ key }] = await dataSource.query(`SELECT contact_email_key($1) AS key`, [email]);
        expect({ email, key }).toEqual({ email, key: emailKey(email) });
      }
      for (const email of NON_ASCII_DOMAINS) {
        const [{ key }] = await dataSource.query(`SELECT contact_email_key($1) AS key`, [email]);
        expect({ email, key }).toEqual({ email, key: null });
      }
      // A writer that does not set the key (a seed, a test, psql) gets the same key from the trigger…
      const rows: Array<{ email: string | null; email_normalized: string | null }> = await dataSource.query(
        `INSERT INTO contacts (email) SELECT unnest($1::varchar[]) RETURNING email, email_normalized`,
        [CORPUS],
      );
      for (const row of rows) expect(row.email_normalized).toBe(emailKey(row.email));
      // …but an IDN domain needs the application's key: refused rather than stored unmatchable.
      await expect(dataSource.query(`INSERT INTO contacts (email) VALUES ('ann@bücher.de')`)).rejects.toThrow(/emailKey/);
      const [kept] = await dataSource.query(`INSERT INTO contacts (email, email_normalized) VALUES ($1, $2) RETURNING email_normalized`, [
        'Ann@Bücher.de',
        emailKey('Ann@Bücher.de'),
      ]);
      expect(kept.email_normalized).toBe('ann@xn--bcher-kva.de');
      // Changing the email re-keys the row.
      const [changed] = await dataSource.query(
        `UPDATE contacts SET email = 'NEW@Example.com' WHERE email = 'jane@example.com' RETURNING email_normalized`,
      );
      expect(changed[0].email_normalized).toBe('new@example.com');
    } finally {
      await dataSource.destroy();
      await database.drop();
    }
  });

  it('re-keys the contacts already stored when the migration runs, in batches', async () => {
    const database = await createTestDatabase();
    const before = MIGRATIONS.filter((migration) => migration !== ContactsEmailKey1763857100000);
    const old = await new DataSource({ ...buildDataSourceOptions(database.url, 2), migrations: before }).initialize();
    const emails = [...CORPUS, ...NON_ASCII_DOMAINS, ...Array.from({ length: 5_100 }, (_, i) => ` Bulk${i}@Example.COM`)];
    try {
      await old.runMigrations();
      await old.query(`INSERT INTO contacts (email) SELECT unnest($1::varchar[])`, [emails]);
    } finally {
      await old.destroy();
    }
    const dataSource = await new DataSource(buildDataSourceOptions(database.url, 2)).initialize();
    try {
      await dataSource.runMigrations();
      const rows: Array<{ email: string | null; email_normalized: string | null }> = await dataSource.query(
        `SELECT email, email_normalized FROM contacts`,
      );
      expect(rows).toHaveLength(emails.length);
      for (const row of rows) {
        expect({ email: row.email, key: row.email_normalized }).toEqual({ email: row.email, key: emailKey(row.email) });
      }
    } finally {
      await dataSource.destroy();
      await database.drop();
    }
  });
});

describe('email identity against Constant Contact (real app, sandbox, PostgreSQL)', () => {
  let cc: TestSandbox;
  let t: TestApp;
  let ccToken: string;
  let listId: string;

  /** Writes to CC as someone else would (the CC web app, another integration). */
  async function ccRequest(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const response = await fetch(`${cc.running.url}/v3${path}`, {
      method,
      headers: { Authorization: `Bearer ${ccToken}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: response.status === 204 ? null : await response.json() };
  }

  async function ccContact(address: string): Promise<string> {
    const body = { email_address: { address, permission_to_send: 'implicit' }, create_source: 'Account' };
    const created = await ccRequest('POST', '/contacts', body);
    expect(created.status).toBe(201);
    return created.body.contact_id;
  }

  async function crmContact(email: string): Promise<string> {
    const agent = await t.signedIn();
    return (await agent.post('/api/contacts').send({ email, firstName: 'Test' }).expect(201)).body.contact.id;
  }

  async function linkedTo(crmId: string): Promise<string | null> {
    const [row] = await t.dataSource.query(`SELECT ctct_contact_id FROM contacts WHERE id = $1`, [crmId]);
    return row.ctct_contact_id;
  }

  async function waitForPush(contactId: string): Promise<{ status: string; outcome: string | null; lastError: string | null }> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const agent = await t.signedIn();
      const [latest] = (await agent.get(`/api/contacts/${contactId}/pushes`).expect(200)).body;
      if (latest && ['delivered', 'failed'].includes(latest.status)) return latest;
      if (Date.now() > deadline) throw new Error(`push still ${latest?.status}: ${latest?.lastError}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function runJob(job: 'lists' | 'link-contacts'): Promise<void> {
    const { run } = await t.app.get(RunsService).requestRun(job, 'manual');
    expect((await waitForRun(t, run.id)).status).toBe('succeeded');
  }

  beforeAll(async () => {
    cc = await startTestSandbox({ rateLimit: { perSecond: 50, perDay: 250_000 } });
    t = await startTestApp({
      ...cc.apiEnv,
      CTCT_RATE_PER_SECOND: '20',
      CTCT_RATE_PER_DAY: '250000',
      CTCT_RETRY_BASE_MS: '10',
      CTCT_MAX_ATTEMPTS: '2',
      SYNC_POLL_MS: '100',
      PUSH_POLL_MS: '100',
    });
    // Names differ between this file's CRM and CC contacts: the field pushes convergence would queue are field-pushes.int-spec's.
    await t.app.get(SettingsService).set('push.fieldPushes', false);
    await t.app.get(CtctAuthorizationService).complete(toTokenSet(cc.sandbox.control.issueTokens()), null);
    ccToken = cc.sandbox.control.issueTokens().access_token;
    listId = (await ccRequest('POST', '/contact_lists', { name: 'Identity' })).body.list_id;
    await runJob('lists');
  });
  afterAll(async () => {
    await t?.close();
    await cc?.running.close();
  });

  it('links across case, spaces, NFC/NFD and IDN/punycode spellings, never across plus-tags or locale-dependent case folding', async () => {
    const pairs = [
      { crm: '  Lee.Ann@Example.COM ', cc: 'lee.ann@example.com', linked: true },
      { crm: 'rene\u0301@example.com', cc: 'ren\u00e9@example.com', linked: true },
      { crm: 'ann@Bücher.de', cc: 'ann@xn--bcher-kva.de', linked: true },
      { crm: 'bob+crm@example.com', cc: 'bob@example.com', linked: false },
      { crm: 'KIRMIZI@example.com', cc: 'kırmızı@example.com', linked: false },
      { crm: 'straße@example.de', cc: 'strasse@example.de', linked: false },
      { crm: 'ΣΟΦΙΑ@example.gr', cc: 'σοφια@example.gr', linked: false },
    ];
    const ccIds = await Promise.all(pairs.map((pair) => ccContact(pair.cc)));
    const crmIds: string[] = [];
    for (const pair of pairs) crmIds.push(await crmContact(pair.crm));
    await runJob('link-contacts');
    for (const [index, pair] of pairs.entries()) {
      const expected = pair.linked ? ccIds[index] : null;
      expect({ crm: pair.crm, linkedTo: await linkedTo(crmIds[index]) }).toEqual({ crm: pair.crm, linkedTo: expected });
    }
  });

  it('looks a contact up by its trimmed, lower-cased address with status=all, and links it instead of creating it', async () => {
    const ccId = await ccContact('Mixed.Case@Lookup.example');
    const crmId = await crmContact('  Mixed.Case@LOOKUP.example ');
    cc.sandbox.control.resetStats();
    const agent = await t.signedIn();
    await agent.post(`/api/contacts/${crmId}/lists`).send({ listId }).expect(201);
    expect(await waitForPush(crmId)).toMatchObject({ status: 'delivered', outcome: 'added to the list in Constant Contact' });
    expect(await linkedTo(crmId)).toBe(ccId);
    expect(cc.sandbox.control.listMembers(listId)).toContain(ccId);
    expect(cc.sandbox.control.stats().byOperation.createContact ?? 0).toBe(0);
    const [lookup] = await t.dataSource.query(
      `SELECT query FROM api_call_log WHERE method = 'GET' AND path LIKE '%/contacts' AND query LIKE '%email=%'
        ORDER BY created_at DESC LIMIT 1`,
    );
    const query = new URLSearchParams(lookup.query);
    expect(query.get('email')).toBe('mixed.case@lookup.example');
    expect(query.get('status')).toBe('all');
  });

  it('answers a 409 on create by finding the contact by email and linking it', async () => {
    const crmId = await crmContact('Late.Comer@Race.example');
    // Someone creates the same address in CC while our create is on its way (held back by latency).
    cc.sandbox.control.resetStats();
    cc.sandbox.control.setFaults({ latencyMs: 1_500, operations: ['createContact'] });
    let ccId: string | null = null;
    const racer = (async () => {
      while (!cc.sandbox.control.stats().byOperation.createContact) await new Promise((resolve) => setTimeout(resolve, 20));
      cc.sandbox.control.clearFaults();
      ccId = await ccContact('late.comer@race.example');
    })();
    try {
      const agent = await t.signedIn();
      await agent.post(`/api/contacts/${crmId}/lists`).send({ listId }).expect(201);
      await racer;
      expect(await waitForPush(crmId)).toMatchObject({ status: 'delivered', outcome: 'added to the list in Constant Contact' });
    } finally {
      cc.sandbox.control.clearFaults();
    }
    expect(cc.sandbox.control.stats().byStatus['409']).toBe(1);
    expect(await linkedTo(crmId)).toBe(ccId);
    expect(cc.sandbox.control.listMembers(listId)).toContain(ccId);
  });

  it('never opts out someone whose address matches only by a non-ASCII case folding: the push says it needs review', async () => {
    const other = await ccContact('émile@folding.example');
    const crmId = await crmContact('ÉMILE@folding.example');
    const agent = await t.signedIn();
    await agent.patch(`/api/contacts/${crmId}`).send({ doNotEmail: true }).expect(200);
    const push = await waitForPush(crmId);
    expect(push.status).toBe('failed');
    expect(push.lastError).toMatch(
      /needs review: Constant Contact's émile@folding.example matches the CRM's ÉMILE@folding.example only by a case folding/,
    );
    expect(await linkedTo(crmId)).toBeNull();
    expect(cc.sandbox.control.getContact(other)!.email_address.permission_to_send).toBe('implicit');
  });

  it('skips a 51-character address in a bulk run with the reason, and imports the rest of the chunk', async () => {
    const long = `${'l'.repeat(51 - '@bulk.example'.length)}@bulk.example`;
    expect(long).toHaveLength(51);
    const fine = ['one@bulk.example', 'two@bulk.example', 'three@bulk.example'];
    const ids = await Promise.all([...fine, long].map((email) => crmContact(email)));
    const agent = await t.signedIn();
    const request = { selection: { contactIds: ids }, target: { newListName: 'Bulk identity' } };
    const preview = (await agent.post('/api/bulk-memberships/preview').send(request).expect(200)).body;
    expect(preview.counts).toMatchObject({ create: 3, skip_refused_by_ctct: 1 });
    cc.sandbox.control.resetStats();
    const started = await agent.post('/api/bulk-memberships/runs').send(request).expect(201);
    const run = await waitForRun(t, started.body.id);
    expect(run.status).toBe('succeeded');
    expect(run.counts).toMatchObject({ create: 3, skip_refused_by_ctct: 1 });
    expect(run.counts.failed ?? 0).toBe(0);
    expect(cc.sandbox.control.stats().byStatus['400'] ?? 0).toBe(0);
    const list = cc.sandbox.control.getLists().find((candidate) => candidate.name === 'Bulk identity')!;
    const members = cc.sandbox.control.listMembers(list.list_id);
    expect(members).toHaveLength(3);
    for (const email of fine) expect(members).toContain(cc.sandbox.control.findContactByEmail(email)!.contact_id);
    expect(cc.sandbox.control.findContactByEmail(long)).toBeUndefined();
    const records = (await agent.get(`/api/sync/runs/${run.id}/records`).query({ outcome: 'skipped', limit: 50 }).expect(200)).body.items;
    expect(records).toEqual([
      expect.objectContaining({
        crmContactId: ids[3],
        reason:
          'Skipped: Constant Contact would refuse this address: ' +
          'Constant Contact accepts at most 50 characters in an import; this address has 51',
      }),
    ]);
  });
});
