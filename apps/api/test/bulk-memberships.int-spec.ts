import type { BulkOutcome, BulkPreviewDto } from '@ctct/shared-types';
import { toTokenSet } from '../src/modules/ctct/ctct-token.client';
import { CtctAuthorizationService } from '../src/modules/ctct/ctct-authorization.service';
import { RunsService } from '../src/modules/runs/runs.service';
import { SettingsService } from '../src/modules/settings/settings.service';
import { startTestSandbox, TestSandbox } from './support/sandbox';
import { insertCrmContacts, waitForRun } from './support/sync-helpers';
import { startTestApp, TestApp } from './support/test-app';

describe('bulk "Create Constant Contact memberships" (real app, sandbox, PostgreSQL)', () => {
  let cc: TestSandbox;
  let t: TestApp;
  const inCc = Array.from({ length: 100 }, (_, i) => `bulk${i}@members.example`);
  const newOnes = Array.from({ length: 58 }, (_, i) => `fresh${i}@members.example`);
  let listId: string;

  beforeAll(async () => {
    cc = await startTestSandbox({ rateLimit: { perSecond: 20, perDay: 250_000 } });
    cc.sandbox.control.loadScenario({
      seed: 33,
      contacts: 300,
      lists: 3,
      campaigns: 0,
      recipientsPerCampaign: 0,
      matchEmails: inCc,
      matchRatio: 1,
      unsubscribedRate: 0.06,
      deletedRate: 0.06,
    });
    t = await startTestApp({
      ...cc.apiEnv,
      CTCT_RATE_PER_SECOND: '20',
      CTCT_RATE_PER_DAY: '250000',
      SYNC_POLL_MS: '100',
      PUSH_POLL_MS: '100',
    });
    // Names differ between this file's CRM and CC contacts: the field pushes convergence would queue are field-pushes.int-spec's.
    await t.app.get(SettingsService).set('push.fieldPushes', false);
    await t.app.get(CtctAuthorizationService).complete(toTokenSet(cc.sandbox.control.issueTokens()), null);
    // 80 CRM contacts CC knows, linked by the sync; then 20 more CC knows but the sync has not linked yet.
    await insertCrmContacts(t, inCc.slice(0, 80));
    for (const job of ['lists', 'link-contacts'] as const) {
      const { run } = await t.app.get(RunsService).requestRun(job, 'manual');
      expect((await waitForRun(t, run.id)).status).toBe('succeeded');
    }
    await insertCrmContacts(t, [
      ...inCc.slice(80),
      ...newOnes,
      newOnes[0],
      newOnes[1].toUpperCase(),
      null,
      null,
      null,
      'bad@',
      'no-at-sign.example',
    ]);
    await t.dataSource.query(
      `INSERT INTO contacts (email, first_name, do_not_email) VALUES ('dne0@members.example', 'Dee', true), ('dne1@members.example', 'Dee', true), ('${inCc[3]}', 'Dup', true)`,
    );
    [{ list_id: listId }] = await t.dataSource.query(`SELECT list_id FROM ctct_lists ORDER BY name LIMIT 1`);
  });
  afterAll(async () => {
    await t?.close();
    await cc?.running.close();
  });

  const everyone = { selection: { filter: {} } };

  it('previews counts, samples and the API cost before anything is sent', async () => {
    const agent = await t.signedIn();
    cc.sandbox.control.resetStats();
    const preview: BulkPreviewDto = (
      await agent
        .post('/api/bulk-memberships/preview')
        .send({ ...everyone, target: { listId } })
        .expect(200)
    ).body;
    expect(cc.sandbox.control.stats().total).toBe(0);
    expect(preview.counts).toMatchObject({ skip_no_email: 3, skip_invalid_email: 2, skip_duplicate_email: 2, create: 58 });
    // Do Not Email outranks the other reasons: two new contacts, one duplicate of a CC contact, and everyone the
    // link sync found unsubscribed in CC (it set their Do Not Email).
    const [{ dne }] = await t.dataSource.query(`SELECT count(*)::int AS dne FROM contacts WHERE do_not_email AND deleted_at IS NULL`);
    expect(dne).toBeGreaterThan(3);
    expect(preview.counts.skip_do_not_email).toBe(dne);
    expect(
      preview.counts.link_and_add + preview.counts.skip_unsubscribed + preview.counts.skip_deleted_in_ctct + preview.counts.already_member,
    ).toBeGreaterThanOrEqual(20);
    expect(Object.values(preview.counts).reduce((sum, count) => sum + count, 0)).toBe(preview.total);
    expect(preview.samples.create[0]).toMatchObject({ email: expect.stringMatching(/fresh\d+@members.example/i) });
    expect(preview.apiCalls.breakdown).toMatchObject({ createList: 0, imports: 1, readBackCreated: 1 });
    expect(preview.apiCalls.fitsToday).toBe(true);
  });

  it('runs to outcomes equal to the preview, puts everyone on the CC list and stores the new CC ids', async () => {
    const agent = await t.signedIn();
    const preview: BulkPreviewDto = (
      await agent
        .post('/api/bulk-memberships/preview')
        .send({ ...everyone, target: { listId } })
        .expect(200)
    ).body;
    cc.sandbox.control.resetStats();
    const started = await agent
      .post('/api/bulk-memberships/runs')
      .send({ ...everyone, target: { listId } })
      .expect(201);
    const run = await waitForRun(t, started.body.id);
    expect(run.status).toBe('succeeded');
    for (const outcome of Object.keys(preview.counts) as BulkOutcome[]) expect(run.counts[outcome] ?? 0).toBe(preview.counts[outcome]);
    expect(run.counts.failed).toBe(0);

    const members = new Set(cc.sandbox.control.listMembers(listId));
    const added: Array<{ email: string; ctct_contact_id: string | null }> = await t.dataSource.query(
      `SELECT c.email, c.ctct_contact_id FROM bulk_run_items i JOIN contacts c ON c.id = i.contact_id
        WHERE i.run_id = $1 AND i.outcome IN ('create', 'add_linked', 'link_and_add')`,
      [run.id],
    );
    expect(added.length).toBe(preview.counts.create + preview.counts.add_linked + preview.counts.link_and_add);
    for (const row of added) {
      expect(row.ctct_contact_id).toBeTruthy();
      expect(members.has(row.ctct_contact_id!)).toBe(true);
    }
    const stats = cc.sandbox.control.stats().byOperation;
    expect(stats.bulkImportContactsJSON).toBe(1);
    expect(stats.postListAddContact).toBe(Math.ceil((preview.counts.add_linked + preview.counts.link_and_add) / 500));
    expect(stats.createContact ?? 0).toBe(0);
    // The read-back of the new CC ids pages only through contacts created by the import, not those added.
    expect(stats.getContacts).toBe(Math.ceil(preview.counts.create / 500));

    // Nobody marked Do Not Email, unsubscribed or deleted in CC went anywhere near the list.
    const dne = cc.sandbox.control.findContactByEmail('dne0@members.example');
    expect(dne).toBeUndefined();
    const records = (await agent.get(`/api/sync/runs/${run.id}/records`).query({ outcome: 'skipped', limit: 500 }).expect(200)).body.items;
    expect(records.some((record: { reason: string }) => record.reason === 'Skipped: Do Not Email')).toBe(true);
  });

  it('adds nothing twice when run again', async () => {
    const agent = await t.signedIn();
    cc.sandbox.control.resetStats();
    const again = await agent
      .post('/api/bulk-memberships/runs')
      .send({ ...everyone, target: { listId } })
      .expect(201);
    const run = await waitForRun(t, again.body.id);
    expect(run.status).toBe('succeeded');
    expect(run.counts.create ?? 0).toBe(0);
    expect(run.counts.add_linked ?? 0).toBe(0);
    expect(run.counts.link_and_add ?? 0).toBe(0);
    expect(cc.sandbox.control.stats().total).toBe(0);
  });

  it('creates the target list when asked for a new one', async () => {
    const agent = await t.signedIn();
    const started = await agent
      .post('/api/bulk-memberships/runs')
      .send({
        selection: { contactIds: [(await t.dataSource.query(`SELECT id FROM contacts WHERE email = $1`, [newOnes[5]]))[0].id] },
        target: { newListName: 'Autumn event' },
      })
      .expect(201);
    const run = await waitForRun(t, started.body.id);
    expect(run.status).toBe('succeeded');
    const list = cc.sandbox.control.getLists().find((candidate) => candidate.name === 'Autumn event')!;
    expect(cc.sandbox.control.listMembers(list.list_id)).toEqual([cc.sandbox.control.findContactByEmail(newOnes[5])!.contact_id]);
  });

  it('previews a selection of 20,000 contact ids (a 4 MB request is within the limit)', async () => {
    const agent = await t.signedIn();
    const ids: Array<{ id: string }> = await t.dataSource.query(`SELECT id FROM contacts`);
    const padded = [...ids.map((row) => row.id), ...Array.from({ length: 20_000 - ids.length }, () => crypto.randomUUID())];
    const preview = (
      await agent
        .post('/api/bulk-memberships/preview')
        .send({ selection: { contactIds: padded }, target: { listId } })
        .expect(200)
    ).body;
    expect(preview.total).toBe(ids.length);
  });

  it('refuses bad requests naming the field, and writes nothing', async () => {
    const agent = await t.signedIn();
    const both = await agent
      .post('/api/bulk-memberships/preview')
      .send({ ...everyone, target: { listId, newListName: 'x' } })
      .expect(400);
    expect(both.body.fields[0].field).toBe('target');
    const unknown = await agent
      .post('/api/bulk-memberships/runs')
      .send({ ...everyone, target: { listId: '00000000-0000-4000-8000-000000000000' } })
      .expect(400);
    expect(unknown.body.fields[0].field).toBe('target.listId');
    const nothing = await agent.post('/api/bulk-memberships/preview').send({ selection: {}, target: { listId } }).expect(400);
    expect(nothing.body.fields[0].field).toBe('selection');
    const badIds = await agent
      .post('/api/bulk-memberships/preview')
      .send({ selection: { contactIds: ['nope'] }, target: { listId } })
      .expect(400);
    expect(badIds.body.fields[0].field).toBe('selection.contactIds');
  });

  it('previews a selection larger than one read of the selection (5,000) in full, samples first by creation', async () => {
    await t.dataSource.query(
      `INSERT INTO contacts (email, first_name, type, created_at)
       SELECT 'batch' || i || '@members.example', 'Batch', 'supplier', now() + make_interval(secs => i) FROM generate_series(0, 11999) AS i`,
    );
    const agent = await t.signedIn();
    const preview: BulkPreviewDto = (
      await agent
        .post('/api/bulk-memberships/preview')
        .send({ selection: { filter: { type: 'supplier' } }, target: { listId } })
        .expect(200)
    ).body;
    expect(preview.total).toBe(12_000);
    expect(preview.counts.create).toBe(12_000);
    expect(preview.samples.create.map((sample) => sample.email)).toEqual(Array.from({ length: 10 }, (_, i) => `batch${i}@members.example`));
    expect(preview.apiCalls.breakdown).toMatchObject({ imports: 1, readBackCreated: 24 });
  });

  it('refuses a filter that selects more than 100,000 contacts, naming the selection, and starts nothing', async () => {
    const before: Array<{ count: number }> = await t.dataSource.query(`SELECT count(*)::int AS count FROM sync_runs`);
    await t.dataSource.query(
      `INSERT INTO contacts (email, first_name, type) SELECT 'many' || i || '@members.example', 'Many', 'other' FROM generate_series(0, 100000) AS i`,
    );
    const agent = await t.signedIn();
    const tooMany = { selection: { filter: { q: 'many', type: 'other' } }, target: { listId } };
    for (const path of ['/api/bulk-memberships/preview', '/api/bulk-memberships/runs']) {
      const refused = await agent.post(path).send(tooMany).expect(400);
      expect(refused.body.fields[0]).toEqual({ field: 'selection', message: expect.stringContaining('more than 100000 contacts') });
    }
    // One contact fewer is within the limit.
    await t.dataSource.query(`DELETE FROM contacts WHERE email = 'many0@members.example'`);
    const preview: BulkPreviewDto = (await agent.post('/api/bulk-memberships/preview').send(tooMany).expect(200)).body;
    expect(preview.total).toBe(100_000);
    expect(await t.dataSource.query(`SELECT count(*)::int AS count FROM sync_runs`)).toEqual(before);
  });
});
