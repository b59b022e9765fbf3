import type { SyncRunDto, SyncRunRecordDto } from '@ctct/shared-types';
import { DataSource } from 'typeorm';
import { emailKey } from '../src/modules/contacts/email-key';
import { ContactsEmailKey1763857100000 } from '../src/modules/contacts/migrations/1763857100000-contacts-email-key';
import { toTokenSet } from '../src/modules/ctct/ctct-token.client';
import { CtctAuthorizationService } from '../src/modules/ctct/ctct-authorization.service';
import { buildDataSourceOptions } from '../src/database/data-source-options';
import { MIGRATIONS } from '../src/database/migrations';
import { RunsRepository } from '../src/modules/runs/runs.repository';
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
  async function ccRequest(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: { contact_id: string; list_id: string } | null }> {
    const response = await fetch(`${cc.running.url}/v3${path}`, {
      method,
      headers: { Authorization: `Bearer ${ccToken}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: response.status,
      body: response.status === 204 ? null : ((await response.json()) as { contact_id: string; list_id: string }),
    };
  }

  async function ccContact(address: string): Promise<string> {
    const body = { email_address: { address, permission_to_send: 'implicit' }, create_source: 'Account' };
    const created = await ccRequest('POST', '/contacts', body);
    expect(created.status).toBe(201);
    return created.body!.contact_id;
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

  async function runJob(job: 'lists' | 'link-contacts'): Promise<SyncRunDto> {
    const { run } = await t.app.get(RunsService).requestRun(job, 'manual');
    const finished = await waitForRun(t, run.id);
    expect(finished.status).toBe('succeeded');
    return finished;
  }

  /** The next link run is a full pass: the last one is made a week and a day old. */
  async function ageLinkRuns(): Promise<void> {
    await t.dataSource.query(
      `UPDATE sync_runs SET queued_at = queued_at - interval '8 days', started_at = started_at - interval '8 days' WHERE job = 'link-contacts'`,
    );
  }

  async function records(runId: string, outcome?: string): Promise<SyncRunRecordDto[]> {
    const agent = await t.signedIn();
    return (
      await agent
        .get(`/api/sync/runs/${runId}/records`)
        .query({ ...(outcome ? { outcome } : {}), limit: 500 })
        .expect(200)
    ).body.items;
  }

  function forContact(runRecords: SyncRunRecordDto[], crmId: string): SyncRunRecordDto[] {
    return runRecords.filter((record) => record.crmContactId === crmId);
  }

  /** Deleted in CC, then purged (CC forgets deleted contacts): its address can be created again, under a new id. */
  async function deleteAndPurge(ctctId: string): Promise<void> {
    expect((await ccRequest('DELETE', `/contacts/${ctctId}`)).status).toBe(204);
    cc.sandbox.control.purgeContact(ctctId);
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
    listId = (await ccRequest('POST', '/contact_lists', { name: 'Identity' })).body!.list_id;
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
    const run = await runJob('link-contacts');
    for (const [index, pair] of pairs.entries()) {
      const expected = pair.linked ? ccIds[index] : null;
      expect({ crm: pair.crm, linkedTo: await linkedTo(crmIds[index]) }).toEqual({ crm: pair.crm, linkedTo: expected });
    }
    // A pair equal only after a folding CC may not make is not silently left unlinked: it needs review, both sides named.
    const review = await records(run.id, 'needs_review');
    for (const [index, pair] of pairs.entries()) {
      const mine = forContact(review, crmIds[index]);
      if (pair.linked || pair.crm.includes('+')) {
        expect({ crm: pair.crm, review: mine }).toEqual({ crm: pair.crm, review: [] });
        continue;
      }
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ ctctId: ccIds[index], label: pair.crm });
      expect(mine[0].reason).toContain(pair.cc);
      expect(mine[0].reason).toContain(pair.crm.trim());
      expect(mine[0].reason).toMatch(/case folding/);
    }
  });

  it('never links across an ambiguity: two CC contacts one CRM contact could match, or an exact one beside a folded one', async () => {
    // NFC and NFD spellings are two CC contacts (CC does not normalise), one key for us; "irmak" and "ırmak" are two
    // CC contacts, equal only if the dotless i is folded (which the issue's Do Not Email unsubscribed by mistake).
    const twins = [await ccContact('ren\u00e9@twice.example'), await ccContact('rene\u0301@twice.example')];
    const story = [await ccContact('irmak@story.example'), await ccContact('ırmak@story.example')];
    const rene = await crmContact('René@twice.example');
    const irmak = await crmContact('irmak@story.example');
    const run = await runJob('link-contacts');
    expect(await linkedTo(rene)).toBeNull();
    expect(await linkedTo(irmak)).toBeNull();
    const all = await records(run.id);
    for (const [crmId, ccIds] of [
      [rene, twins],
      [irmak, story],
    ] as const) {
      const mine = forContact(all, crmId);
      expect(mine.map((record) => record.outcome)).toEqual(['needs_review']);
      expect(mine[0].reason).toMatch(/^needs review: 2 Constant Contact contacts could be this contact/);
      for (const id of ccIds) expect(mine[0].reason).toContain(id);
    }
    expect(run.counts.needs_review).toBeGreaterThanOrEqual(2);

    // Do Not Email on the unlinked contact unsubscribes nobody: the exact address is there, but so is its folded twin.
    const agent = await t.signedIn();
    await agent.patch(`/api/contacts/${irmak}`).send({ doNotEmail: true }).expect(200);
    const push = await waitForPush(irmak);
    expect(push.status).toBe('failed');
    expect(push.lastError).toMatch(/^needs review: /);
    for (const id of story) expect(cc.sandbox.control.getContact(id)!.email_address.permission_to_send).toBe('implicit');
    expect(await linkedTo(irmak)).toBeNull();
  });

  it('records at most one link per CRM contact in a run, and the database refuses a second', async () => {
    const crmId = await crmContact('once@one-link.example');
    const [{ id: runId }] = await t.dataSource.query(`SELECT id FROM sync_runs WHERE job = 'link-contacts' LIMIT 1`);
    const runs = t.app.get(RunsRepository);
    await runs['writeOutcomes'](t.dataSource, runId, [{ outcome: 'linked', crmContactId: crmId, ctctId: null }]);
    await expect(runs['writeOutcomes'](t.dataSource, runId, [{ outcome: 'relinked', crmContactId: crmId, ctctId: null }])).rejects.toThrow(
      /unique/,
    );
    // Other outcomes may repeat (a skip, then a link, on two pages).
    await runs['writeOutcomes'](t.dataSource, runId, [
      { outcome: 'skipped', crmContactId: crmId },
      { outcome: 'skipped', crmContactId: crmId },
    ]);
  });

  it('re-links a CRM contact whose CC contact was deleted and re-created: engagement stays, Do Not Email follows', async () => {
    const first = await ccContact('phoenix@recreated.example');
    const crmId = await crmContact('Phoenix@Recreated.example');
    await runJob('link-contacts');
    expect(await linkedTo(crmId)).toBe(first);
    await t.dataSource.query(
      `INSERT INTO interactions (contact_id, ctct_contact_id, type, occurred_at, description, dedupe_key)
       VALUES ($1, $2, 'email_open', now() - interval '1 day', 'Opened "Spring news"', 'test:phoenix-open')`,
      [crmId, first],
    );
    const agent = await t.signedIn();
    await agent.patch(`/api/contacts/${crmId}`).send({ doNotEmail: true }).expect(200);
    expect(await waitForPush(crmId)).toMatchObject({ status: 'delivered', outcome: 'unsubscribed in Constant Contact' });

    await deleteAndPurge(first);
    const second = await ccContact('phoenix@recreated.example');
    expect(second).not.toBe(first);
    const run = await runJob('link-contacts');
    expect(await linkedTo(crmId)).toBe(second);
    const mine = forContact(await records(run.id), crmId);
    expect(mine).toEqual([
      expect.objectContaining({ outcome: 'relinked', ctctId: second, reason: expect.stringMatching(/^re-linked: CC contact re-created/) }),
    ]);
    expect(mine[0].reason).toContain(first);
    expect(run.counts.relinked).toBe(1);
    const timeline = (await agent.get(`/api/contacts/${crmId}/interactions`).expect(200)).body.items;
    expect(timeline.map((item: { description: string }) => item.description)).toEqual(['Opened "Spring news"']);
    // The CRM says Do Not Email: the new CC contact is unsubscribed too.
    expect(await waitForPush(crmId)).toMatchObject({ status: 'delivered', outcome: 'unsubscribed in Constant Contact' });
    expect(cc.sandbox.control.getContact(second)!.email_address.permission_to_send).toBe('unsubscribed');
  });

  it('re-links on the push path when the stored CC contact is gone and its address lives on under a new id', async () => {
    const first = await ccContact('pusher@recreated.example');
    const crmId = await crmContact('pusher@recreated.example');
    await runJob('link-contacts');
    expect(await linkedTo(crmId)).toBe(first);
    await deleteAndPurge(first);
    const second = await ccContact('pusher@recreated.example');
    const agent = await t.signedIn();
    await agent.patch(`/api/contacts/${crmId}`).send({ doNotEmail: true }).expect(200);
    // Delivered to the re-created contact (the re-link's own opt-out then finds it unsubscribed already).
    const delivered = await waitForPush(crmId);
    expect(delivered).toMatchObject({ status: 'delivered', outcome: expect.stringMatching(/unsubscribed in Constant Contact$/) });
    expect(await linkedTo(crmId)).toBe(second);
    expect(cc.sandbox.control.getContact(second)!.email_address.permission_to_send).toBe('unsubscribed');
    const status = (await agent.get(`/api/contacts/${crmId}/ctct`).expect(200)).body;
    expect(status).toMatchObject({ ctctContactId: second, deletedInCtct: false, permissionToSend: 'unsubscribed' });
  });

  it('keeps the link of a CC contact deleted and then revived in CC, and of one whose email was changed in CC', async () => {
    const revived = await ccContact('lazarus@revived.example');
    const changed = await ccContact('before@changed.example');
    const lazarus = await crmContact('lazarus@revived.example');
    const mover = await crmContact('Before@Changed.example');
    await runJob('link-contacts');
    expect(await linkedTo(lazarus)).toBe(revived);
    expect(await linkedTo(mover)).toBe(changed);

    expect((await ccRequest('DELETE', `/contacts/${revived}`)).status).toBe(204);
    const whileDeleted = await runJob('link-contacts');
    expect(forContact(await records(whileDeleted.id), lazarus)).toEqual([
      expect.objectContaining({ outcome: 'skipped', reason: 'deleted in Constant Contact after it was linked (link kept)' }),
    ]);
    const put = await ccRequest('PUT', `/contacts/${revived}`, {
      email_address: { address: 'lazarus@revived.example' },
      update_source: 'Account',
    });
    expect(put.status).toBe(200);
    const putChanged = await ccRequest('PUT', `/contacts/${changed}`, {
      email_address: { address: 'after@changed.example' },
      update_source: 'Account',
    });
    expect(putChanged.status).toBe(200);
    const run = await runJob('link-contacts');
    expect(await linkedTo(lazarus)).toBe(revived);
    expect(await linkedTo(mover)).toBe(changed);
    const all = await records(run.id);
    expect(forContact(all, lazarus)).toEqual([]);
    expect(forContact(all, mover)).toEqual([]);
    const agent = await t.signedIn();
    expect((await agent.get(`/api/contacts/${lazarus}/ctct`).expect(200)).body).toMatchObject({
      deletedInCtct: false,
      ctctEmail: 'lazarus@revived.example',
      emailDiffers: false,
    });
    expect((await agent.get(`/api/contacts/${mover}/ctct`).expect(200)).body).toMatchObject({
      ctctContactId: changed,
      ctctEmail: 'after@changed.example',
      emailDiffers: true,
    });
  });

  it('links a CRM contact created after a full run in the next incremental run, with no extra CC call', async () => {
    // A CC contact last changed an hour ago: an incremental run does not list it again.
    cc.sandbox.control.setClockOffsetMs(-3_600_000);
    let ccId: string;
    try {
      ccId = await ccContact('newcomer@incremental.example');
    } finally {
      cc.sandbox.control.setClockOffsetMs(0);
    }
    await ageLinkRuns();
    expect((await runJob('link-contacts')).mode).toBe('full');
    const before = await runJob('link-contacts');
    expect(before.mode).toBe('incremental');
    const crmId = await crmContact('  NewComer@Incremental.example');
    const run = await runJob('link-contacts');
    expect(run.mode).toBe('incremental');
    expect(run.apiCalls).toBe(before.apiCalls);
    expect(await linkedTo(crmId)).toBe(ccId);
    expect(forContact(await records(run.id), crmId)).toEqual([expect.objectContaining({ outcome: 'linked', ctctId: ccId })]);
  });

  it('skips, as needing review, a bulk push whose address matches a CC contact only by a folding CC may not make', async () => {
    const folded = await ccContact('straße@bulk-review.example');
    await runJob('link-contacts');
    const crmId = await crmContact('strasse@bulk-review.example');
    const agent = await t.signedIn();
    const request = { selection: { contactIds: [crmId] }, target: { listId } };
    const preview = (await agent.post('/api/bulk-memberships/preview').send(request).expect(200)).body;
    expect(preview.counts).toMatchObject({ create: 0, skip_needs_review: 1 });
    const started = await agent.post('/api/bulk-memberships/runs').send(request).expect(201);
    const run = await waitForRun(t, started.body.id);
    expect(run.status).toBe('succeeded');
    expect(cc.sandbox.control.findContactByEmail('strasse@bulk-review.example')).toBeUndefined();
    expect(await records(run.id)).toEqual([
      expect.objectContaining({
        outcome: 'needs_review',
        crmContactId: crmId,
        ctctId: folded,
        reason: expect.stringContaining('straße@bulk-review.example'),
      }),
    ]);
    expect(await linkedTo(crmId)).toBeNull();
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
