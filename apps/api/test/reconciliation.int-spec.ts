import {
  RECONCILIATION_CLASSES,
  type Page,
  type ReconciliationContactDto,
  type ConsentEventDto,
  type DriftField,
  type FixDriftPreviewDto,
  type ReconciliationClass,
  type ReconciliationSummaryDto,
} from '@ctct/shared-types';
import { emailKey, looseEmailKey } from '../src/modules/contacts/email-key';
import { CtctAuthorizationService } from '../src/modules/ctct/ctct-authorization.service';
import { toTokenSet } from '../src/modules/ctct/ctct-token.client';
import { RunsService } from '../src/modules/runs/runs.service';
import { startTestSandbox, TestSandbox } from './support/sandbox';
import { waitForRun } from './support/sync-helpers';
import { startTestApp, TestApp } from './support/test-app';

type CcContact = NonNullable<ReturnType<TestSandbox['sandbox']['control']['getContact']>>;
type Items = Page<ReconciliationContactDto>;
/** What the V3 calls of the setup answer (ids of what they created). */
type CcBody = { contact_id: string; list_id: string };

interface CrmRow {
  id: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  do_not_email: boolean;
  ctct_contact_id: string | null;
  deleted_at: Date | null;
}

/** Only ASCII letters fold safely (the product's rule, restated here independently of email-key.ts). */
const asciiLower = (text: string) => text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());

/**
 * What class a CRM contact is in, decided from the CRM rows and the sandbox's own store (not the mirror, not the
 * API's SQL): the reference the reconciliation page is held to.
 */
function expectedClass(
  crm: CrmRow,
  all: CrmRow[],
  ccById: (id: string) => CcContact | undefined,
  ccByEmail: (email: string) => CcContact | undefined,
) {
  const email = crm.email!.trim();
  if (crm.ctct_contact_id) {
    const cc = ccById(crm.ctct_contact_id);
    if (!cc || cc.deleted_at) return { class: 'ctct_deleted' as const, fields: [] };
    const permission = cc.email_address?.permission_to_send;
    if (permission === 'unsubscribed' && !crm.do_not_email) return { class: 'ctct_unsubscribed' as const, fields: [] };
    const fields: DriftField[] = [];
    if (asciiLower(cc.email_address.address) !== asciiLower(email)) fields.push('email');
    if ((cc.first_name ?? '') !== (crm.first_name ?? '').trim()) fields.push('firstName');
    if ((cc.last_name ?? '') !== (crm.last_name ?? '').trim()) fields.push('lastName');
    if (crm.do_not_email && permission !== 'unsubscribed') fields.push('doNotEmail');
    return { class: fields.length ? ('drift' as const) : ('in_agreement' as const), fields };
  }
  const twins = all.filter((other) => other.email && asciiLower(other.email.trim()) === asciiLower(email));
  if (twins.length > 1) return { class: 'needs_review' as const, fields: [] };
  const cc = ccByEmail(email);
  if (!cc || cc.deleted_at) return { class: 'not_in_ctct' as const, fields: [] };
  if (asciiLower(cc.email_address.address) !== asciiLower(email)) return { class: 'needs_review' as const, fields: [] };
  if (all.some((other) => other.id !== crm.id && other.ctct_contact_id === cc.contact_id))
    return { class: 'needs_review' as const, fields: [] };
  return { class: 'awaiting_link' as const, fields: [] };
}

describe('reconciliation (real app, sandbox, PostgreSQL)', () => {
  let cc: TestSandbox;
  let t: TestApp;
  let ccToken: string;
  let listId: string;
  const ccIds = new Map<string, string>();

  async function ccRequest(method: string, path: string, body?: unknown): Promise<{ status: number; body: CcBody }> {
    const response = await fetch(`${cc.running.url}/v3${path}`, {
      method,
      headers: { Authorization: `Bearer ${ccToken}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (response.status === 204 ? null : await response.json()) as CcBody };
  }

  async function ccContact(address: string, first: string, last: string, lists: string[] = []): Promise<string> {
    const created = await ccRequest('POST', '/contacts', {
      email_address: { address, permission_to_send: 'implicit' },
      first_name: first,
      last_name: last,
      create_source: 'Account',
      ...(lists.length ? { list_memberships: lists } : {}),
    });
    expect(created.status).toBe(201);
    ccIds.set(address, created.body.contact_id);
    return created.body.contact_id;
  }

  async function ccPut(id: string, changes: { first?: string; last?: string; unsubscribe?: boolean }): Promise<void> {
    const current = cc.sandbox.control.getContact(id)!;
    const put = await ccRequest('PUT', `/contacts/${id}`, {
      email_address: {
        address: current.email_address.address,
        ...(changes.unsubscribe ? { permission_to_send: 'unsubscribed', opt_out_reason: 'No thanks' } : {}),
      },
      first_name: changes.first ?? current.first_name,
      last_name: changes.last ?? current.last_name,
      update_source: changes.unsubscribe ? 'Contact' : 'Account',
    });
    expect(put.status).toBe(200);
  }

  /** A CRM contact with its keys, as ContactsRepository writes one (no push is queued). */
  async function crmContact(email: string | null, first: string, last: string): Promise<string> {
    const [row] = await t.dataSource.query(
      `INSERT INTO contacts (email, email_normalized, email_loose_key, first_name, last_name, type)
       VALUES ($1, $2, $3, $4, $5, 'customer') RETURNING id`,
      [email, emailKey(email), looseEmailKey(email), first, last],
    );
    return row.id;
  }

  async function runJob(job: 'lists' | 'link-contacts'): Promise<void> {
    const { run } = await t.app.get(RunsService).requestRun(job, 'manual');
    expect((await waitForRun(t, run.id)).status).toBe('succeeded');
  }

  async function crmRows(): Promise<CrmRow[]> {
    return t.dataSource.query(`SELECT id, email, first_name, last_name, do_not_email, ctct_contact_id, deleted_at FROM contacts`);
  }

  const ids: Record<string, string> = {};

  beforeAll(async () => {
    cc = await startTestSandbox({ rateLimit: false });
    ccToken = cc.sandbox.control.issueTokens().access_token;
    // No push worker: the drift set up below stays drift until this test's Fix drift, whoever else would fix it.
    t = await startTestApp({
      ...cc.apiEnv,
      CTCT_RATE_PER_SECOND: '50',
      CTCT_RATE_PER_DAY: '250000',
      PUSH_WORKER: 'false',
      SYNC_POLL_MS: '100',
    });
    await t.app.get(CtctAuthorizationService).complete(toTokenSet(cc.sandbox.control.issueTokens()), null);

    // Constant Contact's side, as someone using CC would have made it.
    listId = (await ccRequest('POST', '/contact_lists', { name: 'Reconciled' })).body.list_id;
    for (const n of [1, 2, 3]) await ccContact(`agree${n}@recon.example`, `Ada${n}`, `Agree${n}`, n < 3 ? [listId] : []);
    await ccContact('first@recon.example', 'Fay', 'First');
    await ccContact('last@recon.example', 'Lou', 'Last');
    await ccContact('dne1@recon.example', 'Dee', 'One');
    await ccContact('dne2@recon.example', 'Dee', 'Two');
    await ccContact('moved@recon.example', 'Mo', 'Ved');
    await ccContact('taken@recon.example', 'Ta', 'Ken');
    await ccContact('deleted@recon.example', 'Del', 'Eted');
    await ccContact('unsub@recon.example', 'Un', 'Sub');
    await ccContact('shared@recon.example', 'Sha', 'Red');
    await ccContact('émile@recon.example', 'Émile', 'Folded');
    await ccContact('later@recon.example', 'La', 'Ter');
    const gone = await ccContact('gone@recon.example', 'Go', 'Ne');
    expect((await ccRequest('DELETE', `/contacts/${gone}`)).status).toBe(204);

    // The CRM's side: the same people (emails as a CRM stores them), and some CC does not have.
    ids.agree1 = await crmContact(' Agree1@recon.example', 'Ada1', 'Agree1');
    ids.agree2 = await crmContact('agree2@RECON.example', 'Ada2', 'Agree2');
    ids.agree3 = await crmContact('agree3@recon.example', 'Ada3 ', 'Agree3');
    ids.first = await crmContact('first@recon.example', 'Fay', 'First');
    ids.last = await crmContact('last@recon.example', 'Lou', 'Last');
    ids.dne1 = await crmContact('dne1@recon.example', 'Dee', 'One');
    ids.dne2 = await crmContact('dne2@recon.example', 'Dee', 'Two');
    ids.moved = await crmContact('moved@recon.example', 'Mo', 'Ved');
    ids.taken = await crmContact('taken@recon.example', 'Ta', 'Ken');
    ids.deleted = await crmContact('deleted@recon.example', 'Del', 'Eted');
    ids.unsub = await crmContact('unsub@recon.example', 'Un', 'Sub');
    ids.shared1 = await crmContact('shared@recon.example', 'Sha', 'Red');
    ids.shared2 = await crmContact('Shared@recon.example', 'Sha', 'Red Twin');
    ids.folded = await crmContact('ÉMILE@recon.example', 'Émile', 'Folded');
    ids.gone = await crmContact('gone@recon.example', 'Go', 'Ne');
    ids.nowhere = await crmContact('nowhere@recon.example', 'No', 'Where');
    ids.noEmail = await crmContact(null, 'No', 'Email');
    ids.removed = await crmContact('removed@recon.example', 'Re', 'Moved');
    await t.dataSource.query(`UPDATE contacts SET deleted_at = now() WHERE id = $1`, [ids.removed]);
    // The CRM's list memberships: one CC has, one it cannot have (not in CC).
    await t.dataSource.query(`INSERT INTO crm_list_memberships (contact_id, list_id) VALUES ($1, $3), ($2, $3)`, [
      ids.agree1,
      ids.nowhere,
      listId,
    ]);

    const agent = await t.signedIn();
    await agent.patch('/api/settings').send({ optOutSetsDoNotEmail: false }).expect(200);
    await runJob('lists');
    await runJob('link-contacts');

    // Changes in CC after the first link run, mirrored by the next one.
    await ccPut(ccIds.get('first@recon.example')!, { first: 'Faye' });
    await ccPut(ccIds.get('last@recon.example')!, { last: 'Laast' });
    await ccPut(ccIds.get('unsub@recon.example')!, { unsubscribe: true });
    expect((await ccRequest('DELETE', `/contacts/${ccIds.get('deleted@recon.example')}`)).status).toBe(204);
    await runJob('link-contacts');

    // Changes in the CRM after the last run (written directly: no push is queued for them).
    await t.dataSource.query(`UPDATE contacts SET do_not_email = true WHERE id = ANY($1::uuid[])`, [[ids.dne1, ids.dne2]]);
    await t.dataSource.query(`UPDATE contacts SET email = 'moved.on@recon.example' WHERE id = $1`, [ids.moved]);
    // taken's CC contact now also matches a new CRM contact, while still linked to taken (whose email changed).
    await t.dataSource.query(`UPDATE contacts SET email = 'taken.over@recon.example' WHERE id = $1`, [ids.taken]);
    ids.taker = await crmContact('taken@recon.example', 'Ta', 'Ker');
    // In CC and mirrored, but the CRM contact came after the link run.
    ids.later = await crmContact('later@recon.example', 'La', 'Ter');
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await cc?.running.close();
  });

  it('puts every CRM contact with an email in the class computed independently from the sandbox state', async () => {
    const rows = (await crmRows()).filter((row) => row.email && !row.deleted_at);
    const byId = (id: string) => cc.sandbox.control.getContact(id);
    const byEmail = (email: string) => cc.sandbox.control.findContactByEmail(email);
    const expected = new Map(rows.map((row) => [row.id, expectedClass(row, rows, byId, byEmail)]));
    const counts = Object.fromEntries(RECONCILIATION_CLASSES.map((name) => [name, 0])) as Record<ReconciliationClass, number>;
    for (const { class: name } of expected.values()) counts[name]++;

    const agent = await t.signedIn();
    const summary: ReconciliationSummaryDto = (await agent.get('/api/reconciliation').expect(200)).body;
    expect(Object.fromEntries(summary.classes.map((item) => [item.class, item.count]))).toEqual(counts);
    // Every class of the fixture is there, and the contacts without an email or deleted are in none.
    expect(counts).toEqual({
      in_agreement: 3,
      drift: 6,
      awaiting_link: 1,
      not_in_ctct: 2,
      needs_review: 4,
      ctct_deleted: 1,
      ctct_unsubscribed: 1,
    });
    expect(summary.total).toBe(rows.length);
    expect(summary.classes.every((item) => item.fix.length > 0 && item.label.length > 0)).toBe(true);
    const drift = summary.classes.find((item) => item.class === 'drift')!;
    expect(drift.fields).toEqual({ email: 2, firstName: 1, lastName: 1, doNotEmail: 2 });

    // Every contact, page by page, with the fields that drift.
    const seen = new Map<string, { class: string; fields: string[] }>();
    let cursor: string | null = null;
    do {
      const page: Items = (
        await agent
          .get('/api/reconciliation/contacts')
          .query({ limit: 4, ...(cursor ? { cursor } : {}) })
          .expect(200)
      ).body;
      for (const item of page.items) seen.set(item.contactId, { class: item.class, fields: item.driftFields });
      cursor = page.nextCursor;
    } while (cursor);
    expect(Object.fromEntries(seen)).toEqual(
      Object.fromEntries([...expected].map(([id, want]) => [id, { class: want.class, fields: want.fields }])),
    );
  });

  it('filters by class and drift field, says why, and exports the class as CSV', async () => {
    const agent = await t.signedIn();
    const review = (await agent.get('/api/reconciliation/contacts?class=needs_review').expect(200)).body;
    expect(Object.fromEntries((review as Items).items.map((item) => [item.contactId, item.reason]))).toEqual({
      [ids.shared1]: '2 CRM contacts share this email',
      [ids.shared2]: '2 CRM contacts share this email',
      [ids.folded]: 'equal to a Constant Contact address only by a non-ASCII case folding Constant Contact may not make',
      [ids.taker]: 'its Constant Contact contact is linked to another CRM contact',
    });
    const firstNames = (await agent.get('/api/reconciliation/contacts?class=drift&field=firstName').expect(200)).body.items;
    expect(firstNames).toEqual([
      expect.objectContaining({
        contactId: ids.first,
        driftFields: ['firstName'],
        firstName: 'Fay',
        ctct: expect.objectContaining({ firstName: 'Faye' }),
      }),
    ]);
    const notInCc = (await agent.get('/api/reconciliation/contacts?class=not_in_ctct').expect(200)).body.items;
    expect((notInCc as Items['items']).map((item) => [item.contactId, item.reason])).toEqual([
      [ids.gone, 'only a deleted Constant Contact contact has this email'],
      [ids.nowhere, 'no Constant Contact contact has this email'],
    ]);

    const csv = await agent.get('/api/reconciliation/contacts.csv?class=drift').expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe(
      'class,reason,driftFields,contactId,email,firstName,lastName,doNotEmail,ctctContactId,ctctEmail,ctctFirstName,ctctLastName,' +
        'ctctPermission,ctctDeleted,pushPending',
    );
    expect(lines).toHaveLength(7);
    expect(lines.find((line) => line.includes(ids.dne1))).toContain('doNotEmail');

    const wrongField = await agent.get('/api/reconciliation/contacts?class=not_in_ctct&field=email').expect(400);
    expect(wrongField.body.fields).toEqual([{ field: 'field', message: 'applies only to class drift' }]);
    const unknown = await agent.get('/api/reconciliation/contacts?class=everything').expect(400);
    expect(unknown.body.fields[0].field).toBe('class');
  });

  it("compares each CC list's CRM-side memberships with Constant Contact's count", async () => {
    const agent = await t.signedIn();
    const { lists } = (await agent.get('/api/reconciliation').expect(200)).body as ReconciliationSummaryDto;
    expect(lists).toEqual([
      {
        listId,
        name: 'Reconciled',
        crmCount: 2,
        crmNotInCtct: 1,
        ctctCount: cc.sandbox.control.listMembers(listId).length,
        mirrorCount: 2,
      },
    ]);
    expect(cc.sandbox.control.listMembers(listId)).toHaveLength(2);
  });

  it("Fix drift shows the cost against today's budget, then queues exactly the drifted contacts' opt-outs", async () => {
    const agent = await t.signedIn();
    const [{ before }] = await t.dataSource.query(`SELECT count(*)::int AS before FROM ctct_outbox`);
    const preview: FixDriftPreviewDto = (await agent.get('/api/reconciliation/fix-drift').expect(200)).body;
    expect(preview).toMatchObject({ optOuts: 2, fieldUpdates: 0, fieldPushesAvailable: false, alreadyQueued: 0 });
    expect(preview.cost.apiCalls).toBe(4);
    expect(preview.cost.budget.perDay).toBe(250_000);
    expect(preview.cost.fitsToday).toBe(true);

    const result = (await agent.post('/api/reconciliation/fix-drift').send({}).expect(202)).body;
    expect(result).toMatchObject({ queuedOptOuts: 2, queuedFieldUpdates: 0, apiCalls: 4 });
    expect(result.message).toMatch(/^Queued 2 opt-outs \(4 Constant Contact calls\)\. Email and name drift is not pushed/);
    const pushes = await t.dataSource.query(`SELECT contact_id, kind, status FROM ctct_outbox ORDER BY id OFFSET $1`, [before]);
    expect(
      (pushes as Array<{ contact_id: string; kind: string; status: string }>)
        .map((push) => [push.contact_id, push.kind, push.status])
        .sort(),
    ).toEqual(
      [
        [ids.dne1, 'opt_out', 'pending'],
        [ids.dne2, 'opt_out', 'pending'],
      ].sort(),
    );
    const events: ConsentEventDto[] = (await agent.get(`/api/contacts/${ids.dne1}/consent`).expect(200)).body.items;
    expect(events[0]).toMatchObject({ kind: 'opt_out_queued', source: 'reconciliation', actorType: 'crm_user' });

    // Again: nothing new, those two are already waiting (and shown as such).
    expect((await agent.get('/api/reconciliation/fix-drift').expect(200)).body).toMatchObject({ optOuts: 0, alreadyQueued: 2 });
    expect((await agent.post('/api/reconciliation/fix-drift').send({}).expect(202)).body).toMatchObject({ queuedOptOuts: 0 });
    const drifted = (await agent.get('/api/reconciliation/contacts?class=drift&field=doNotEmail').expect(200)).body.items;
    expect((drifted as Items['items']).map((item) => item.pushPending)).toEqual([true, true]);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM ctct_outbox`)).toEqual([{ n: before + 2 }]);
  });
});
