import { Injectable, OnModuleInit } from '@nestjs/common';
import { BULK_OUTCOME_LABELS, type BulkMembershipRequest, type BulkOutcome } from '@ctct/shared-types';
import { DataSource, EntityManager } from 'typeorm';
import { sql } from '../../../common/sql';
import { ContactLinks } from '../../contacts/contact-links';
import { CtctApiError } from '../../ctct/ctct-errors';
import { CtctClient } from '../../ctct/ctct.client';
import { ctctLookupEmail, ctctRefusalOf } from '../../ctct/ctct-email';
import { emailKey } from '../../contacts/email-key';
import { sleep } from '../../ctct/rate-budget.service';
import { CtctMirrorService } from '../../ctct-mirror/ctct-mirror.service';
import { JobContext } from '../../runs/job-context';
import { JobRegistry, RunJob } from '../../runs/run-job';
import { RecordOutcome } from '../../runs/run.row';
import { BulkMembershipService } from './bulk-membership.service';
import { chunkImports, importRow, importRowBytes, MEMBERSHIP_BATCH, READ_BACK_PAGE } from './plan-bulk-membership';

/** A bulk run's parameters: the request itself (who asked is the run's `triggered_by`; runs before that carried `userId`). */
export interface BulkRunParams extends BulkMembershipRequest {
  userId?: string | null;
}

/** A bulk_run_items row as the run's outcome is recorded from it. */
interface BulkItemRow {
  contact_id: string;
  outcome: BulkOutcome;
  state: string;
  reason: string | null;
  ctct_contact_id: string | null;
  email: string | null;
  activity_id: string | null;
}

interface BulkCheckpoint {
  phase: 'list' | 'submit' | 'await' | 'collect' | 'finish';
  listId: string | null;
  listName: string;
  importStartedAt: string | null;
  activityIds: string[];
}

/** A bulk_run_items row as the run's outcome is recorded from it. */
interface BulkItemRow {
  contact_id: string;
  outcome: BulkOutcome;
  state: string;
  reason: string | null;
  ctct_contact_id: string | null;
  email: string | null;
}

const FINISHED_STATES = new Set(['completed', 'failed', 'cancelled', 'timed_out']);
const POLL_INTERVAL_MS = 1_000;
const ADD_OUTCOMES: BulkOutcome[] = ['add_linked', 'link_and_add'];

/**
 * The bulk "Create Constant Contact memberships" run. New contacts go in by JSON import straight into the list
 * (≤40,000 rows and <4 MB a request); contacts already in CC by add_list_memberships (≤500 ids a request);
 * the activities are polled together (one listing per round); created contacts' ids are read back 500 a call
 * and stored. Every step is recorded per contact, so a resumed run picks up where it stopped and a re-run
 * finds everyone already a member. Each step's item changes, the run's records of the contacts it touched and
 * its checkpoint commit together, so a paused, failed or cancelled run shows exactly what reached CC (`sent`
 * until CC's activity is confirmed).
 */
@Injectable()
export class BulkMembershipJob implements RunJob<BulkCheckpoint>, OnModuleInit {
  readonly name = 'bulk-memberships' as const;

  constructor(
    private readonly registry: JobRegistry,
    private readonly planner: BulkMembershipService,
    private readonly client: CtctClient,
    private readonly mirror: CtctMirrorService,
    private readonly dataSource: DataSource,
    private readonly links: ContactLinks,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async run(context: JobContext<BulkCheckpoint>): Promise<void> {
    const params = context.params as BulkRunParams;
    let checkpoint = context.checkpoint ?? (await this.plan(context, params));
    if (checkpoint.phase === 'list') checkpoint = await this.ensureList(context, checkpoint);
    if (checkpoint.phase === 'submit') checkpoint = await this.submit(context, checkpoint);
    if (checkpoint.phase === 'await') checkpoint = await this.awaitActivities(context, checkpoint);
    if (checkpoint.phase === 'collect') checkpoint = await this.collectCreated(context, checkpoint);
    if (checkpoint.phase === 'finish') await this.finish(context, checkpoint, params);
  }

  /** Classifies the selection (the same rules as the preview) and stores one item per contact; skipped ones are recorded now. */
  private async plan(context: JobContext<BulkCheckpoint>, params: BulkRunParams): Promise<BulkCheckpoint> {
    const { target, candidates, outcomes } = await this.planner.plan(params);
    context.setTotal(candidates.length);
    const checkpoint: BulkCheckpoint = {
      phase: 'list',
      listId: target.listId,
      listName: target.name,
      importStartedAt: null,
      activityIds: [],
    };
    return this.step(
      context,
      checkpoint,
      async (tx) => {
        for (let start = 0; start < candidates.length; start += 5_000) {
          const batch = candidates.slice(start, start + 5_000);
          await sql.affected(
            tx,
            `INSERT INTO bulk_run_items (run_id, contact_id, outcome, email, first_name, last_name, ctct_contact_id, state, reason)
             SELECT $1, * FROM unnest($2::uuid[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[], $7::uuid[], $8::varchar[],
                                      $9::text[])
             ON CONFLICT DO NOTHING`,
            [
              context.runId,
              batch.map((candidate) => candidate.contactId),
              batch.map((candidate) => outcomes.get(candidate.contactId)),
              batch.map((candidate) => candidate.email?.trim() ?? null),
              batch.map((candidate) => candidate.firstName),
              batch.map((candidate) => candidate.lastName),
              batch.map((candidate) => candidate.ctct?.contactId ?? null),
              batch.map((candidate) => {
                const outcome = outcomes.get(candidate.contactId)!;
                return outcome === 'create' || ADD_OUTCOMES.includes(outcome) ? 'planned' : 'skipped';
              }),
              batch.map((candidate) => {
                const outcome = outcomes.get(candidate.contactId);
                if (outcome === 'skip_needs_review') return candidate.needsReview ?? null;
                return outcome === 'skip_refused_by_ctct' ? ctctRefusalOf(candidate.email, 'import') : null;
              }),
            ],
          );
        }
      },
      `state = 'skipped'`,
    );
  }

  private async ensureList(context: JobContext<BulkCheckpoint>, checkpoint: BulkCheckpoint): Promise<BulkCheckpoint> {
    let listId = checkpoint.listId;
    if (!listId) {
      const list = await this.client.call('createList', { body: { name: checkpoint.listName } }).catch(async (error) => {
        // Created by this run before a crash (or by someone in CC meanwhile): use it.
        if (error instanceof CtctApiError && error.httpStatus === 409) {
          const page = await this.client.call('getLists', { query: { name: checkpoint.listName, limit: 1 } });
          if (page.lists[0]) return page.lists[0];
        }
        throw error;
      });
      listId = list.list_id;
      await this.mirror.recordCreatedList(this.dataSource, listId, checkpoint.listName);
      context.note(`Created the list "${checkpoint.listName}" in Constant Contact.`);
    }
    const next: BulkCheckpoint = { ...checkpoint, listId, phase: 'submit' };
    await context.save(next, context.progressDone);
    return next;
  }

  /** Sends the imports and the membership additions; each request's items are marked with its activity. */
  private async submit(context: JobContext<BulkCheckpoint>, checkpoint: BulkCheckpoint): Promise<BulkCheckpoint> {
    let current = checkpoint;
    // Contacts found in CC by email are linked now (never two CRM contacts to one CC contact).
    await this.linkItems(context.runId, `outcome = 'link_and_add'`);
    const toCreate = await sql.rows<{ contact_id: string; email: string; first_name: string | null; last_name: string | null }>(
      this.dataSource,
      `SELECT contact_id, email, first_name, last_name FROM bulk_run_items WHERE run_id = $1 AND outcome = 'create' AND state = 'planned' ORDER BY contact_id`,
      [context.runId],
    );
    if (toCreate.length && !current.importStartedAt) {
      const { now } = (await sql.one<{ now: Date }>(this.dataSource, `SELECT now() AS now`))!;
      current = { ...current, importStartedAt: new Date(now).toISOString() };
    }
    const rowBytes = (item: (typeof toCreate)[number]) =>
      importRowBytes({ email: item.email, firstName: item.first_name, lastName: item.last_name });
    for (const chunk of chunkImports(toCreate, rowBytes)) {
      const activity = await this.client.call('bulkImportContactsJSON', {
        body: {
          import_data: chunk.map((item) => importRow({ email: item.email, firstName: item.first_name, lastName: item.last_name })),
          list_ids: [current.listId!],
        },
      });
      current = await this.markSubmitted(
        context,
        current,
        chunk.map((item) => item.contact_id),
        activity.activity_id,
      );
    }
    const toAdd = await sql.rows<{ contact_id: string; ctct_contact_id: string }>(
      this.dataSource,
      `SELECT contact_id, ctct_contact_id FROM bulk_run_items WHERE run_id = $1 AND outcome = ANY($2) AND state = 'planned' ORDER BY contact_id`,
      [context.runId, ADD_OUTCOMES],
    );
    for (let start = 0; start < toAdd.length; start += MEMBERSHIP_BATCH) {
      const batch = toAdd.slice(start, start + MEMBERSHIP_BATCH);
      const activity = await this.client.call('postListAddContact', {
        body: { source: { contact_ids: batch.map((item) => item.ctct_contact_id) }, list_ids: [current.listId!] },
      });
      current = await this.markSubmitted(
        context,
        current,
        batch.map((item) => item.contact_id),
        activity.activity_id,
      );
    }
    const next: BulkCheckpoint = { ...current, phase: 'await' };
    await context.save(next, context.progressDone);
    return next;
  }

  /** The request reached CC: its items are `sent` (recorded so) with the checkpoint that names its activity. */
  private async markSubmitted(
    context: JobContext<BulkCheckpoint>,
    checkpoint: BulkCheckpoint,
    contactIds: string[],
    activityId: string,
  ): Promise<BulkCheckpoint> {
    const next = { ...checkpoint, activityIds: [...checkpoint.activityIds, activityId] };
    return this.step(
      context,
      next,
      (tx) =>
        sql
          .affected(
            tx,
            `UPDATE bulk_run_items SET state = 'submitted', activity_id = $3 WHERE run_id = $1 AND contact_id = ANY($2::uuid[])`,
            [context.runId, contactIds, activityId],
          )
          .then(() => undefined),
      `activity_id = $2`,
      [activityId],
    );
  }

  /** Polls every outstanding activity with one listing call per round. */
  private async awaitActivities(context: JobContext<BulkCheckpoint>, checkpoint: BulkCheckpoint): Promise<BulkCheckpoint> {
    let pending = new Set(checkpoint.activityIds);
    const failed = new Map<string, string>();
    while (pending.size > 0) {
      const listing = await this.client.call('getActivityStatusCollection', {
        query: { limit: 500 },
      });
      const states = new Map((listing.activities ?? []).map((activity) => [activity.activity_id, activity]));
      for (const id of [...pending]) {
        // An activity pushed out of the listing by newer ones is asked for by id.
        const status = states.get(id) ?? (await this.client.call('getActivity', { params: { activity_id: id } }));
        if (!FINISHED_STATES.has(status.state)) continue;
        pending.delete(id);
        if (status.state !== 'completed')
          failed.set(
            id,
            `Constant Contact ${status.state} the request${status.activity_errors?.length ? `: ${status.activity_errors.slice(0, 3).join('; ')}` : ''}`,
          );
      }
      if (pending.size > 0) await sleep(POLL_INTERVAL_MS);
      pending = new Set(pending);
    }
    const next: BulkCheckpoint = { ...checkpoint, phase: 'collect' };
    return this.step(
      context,
      next,
      async (tx) => {
        for (const [activityId, reason] of failed) {
          await sql.affected(tx, `UPDATE bulk_run_items SET state = 'failed', reason = $3 WHERE run_id = $1 AND activity_id = $2`, [
            context.runId,
            activityId,
            reason,
          ]);
        }
        // Membership additions are done once their activity completed; imports still need their new CC ids.
        await sql.affected(tx, `UPDATE bulk_run_items SET state = 'done' WHERE run_id = $1 AND state = 'submitted' AND outcome = ANY($2)`, [
          context.runId,
          ADD_OUTCOMES,
        ]);
      },
      `activity_id IS NOT NULL AND state IN ('done', 'failed')`,
    );
  }

  /**
   * Reads back the contacts created in the list since the import started (500 a call) to store their new CC
   * ids. `created_after`, not `updated_after`: adding existing contacts to the list updates them too, and would
   * make this page through every member. A contact the import updated rather than created (it reached CC after
   * the last link sync) is looked up by email, one call each — normally none.
   */
  private async collectCreated(context: JobContext<BulkCheckpoint>, checkpoint: BulkCheckpoint): Promise<BulkCheckpoint> {
    const { waiting } = (await sql.one<{ waiting: number }>(
      this.dataSource,
      `SELECT count(*)::int AS waiting FROM bulk_run_items WHERE run_id = $1 AND outcome = 'create' AND state = 'submitted'`,
      [context.runId],
    ))!;
    if (waiting > 0 && checkpoint.importStartedAt) {
      const since = new Date(Date.parse(checkpoint.importStartedAt) - 60_000).toISOString();
      for await (const page of this.client.pages('getContacts', {
        query: { lists: checkpoint.listId!, created_after: since, limit: READ_BACK_PAGE, include: 'list_memberships' },
      })) {
        await this.mirror.upsertContacts(this.dataSource, page.contacts, null);
        // Matched by the email key the CRM contact holds (contacts.email_normalized), the mirror's own key.
        const ids = page.contacts.map((contact) => contact.contact_id);
        await this.step(
          context,
          checkpoint,
          (tx) =>
            sql
              .affected(
                tx,
                `UPDATE bulk_run_items i SET ctct_contact_id = m.contact_id, state = 'done'
                   FROM ctct_contacts m, contacts c
                  WHERE i.run_id = $1 AND i.outcome = 'create' AND i.state = 'submitted' AND c.id = i.contact_id
                    AND m.contact_id = ANY($2::uuid[]) AND m.email_normalized = c.email_normalized`,
                [context.runId, ids],
              )
              .then(() => undefined),
          `outcome = 'create' AND state = 'done' AND ctct_contact_id = ANY($2::uuid[])`,
          [ids],
        );
      }
      const stragglers = await sql.rows<{ contact_id: string; email: string }>(
        this.dataSource,
        `SELECT contact_id, email FROM bulk_run_items WHERE run_id = $1 AND outcome = 'create' AND state = 'submitted'`,
        [context.runId],
      );
      for (const item of stragglers) {
        const page = await this.client.call('getContacts', {
          query: { email: ctctLookupEmail(item.email)!, status: 'all', include: 'list_memberships' },
        });
        const found = page.contacts.find(
          (contact) =>
            contact.list_memberships?.includes(checkpoint.listId!) && emailKey(contact.email_address?.address) === emailKey(item.email),
        );
        if (!found) continue;
        await this.mirror.upsertContacts(this.dataSource, [found], null);
        await sql.affected(
          this.dataSource,
          `UPDATE bulk_run_items SET ctct_contact_id = $3, state = 'done' WHERE run_id = $1 AND contact_id = $2`,
          [context.runId, item.contact_id, found.contact_id],
        );
      }
      await this.linkItems(context.runId, `outcome = 'create' AND state = 'done'`);
    }
    const next: BulkCheckpoint = { ...checkpoint, phase: 'finish' };
    return this.step(
      context,
      next,
      async (tx) => {
        if (waiting > 0 && checkpoint.importStartedAt) {
          await sql.affected(
            tx,
            `UPDATE bulk_run_items SET state = 'failed', reason = 'Constant Contact did not import this contact (it may refuse the address)'
              WHERE run_id = $1 AND outcome = 'create' AND state = 'submitted'`,
            [context.runId],
          );
        }
      },
      `outcome = 'create' AND state IN ('done', 'failed')`,
    );
  }

  /** Records memberships (CRM side and mirror); every contact's outcome is recorded once more (idempotent, by key). */
  private async finish(context: JobContext<BulkCheckpoint>, checkpoint: BulkCheckpoint, params: BulkRunParams): Promise<void> {
    const done = await sql.rows<{ ctct_contact_id: string }>(
      this.dataSource,
      `SELECT ctct_contact_id FROM bulk_run_items WHERE run_id = $1 AND state = 'done' AND ctct_contact_id IS NOT NULL`,
      [context.runId],
    );
    await this.mirror.addListMembership(
      this.dataSource,
      done.map((item) => item.ctct_contact_id),
      checkpoint.listId!,
    );
    await sql.affected(
      this.dataSource,
      `INSERT INTO crm_list_memberships (contact_id, list_id, added_by)
       SELECT contact_id, $2, $3 FROM bulk_run_items WHERE run_id = $1 AND (state = 'done' OR outcome = 'already_member')
       ON CONFLICT DO NOTHING`,
      [context.runId, checkpoint.listId, params.userId ?? context.triggeredBy],
    );
    // Should a crash have landed between an item's change and its step's save, this records it all the same.
    await this.step(context, { ...checkpoint, phase: 'finish' }, async () => undefined, `state <> 'planned'`);
  }

  /**
   * One step of the run: the job's writes to its items (`change`), the counts recounted from the items, the
   * records of the items the step touched (`touched`, a condition on bulk_run_items; $1 is the run) and the
   * checkpoint, all in one transaction.
   */
  private async step(
    context: JobContext<BulkCheckpoint>,
    next: BulkCheckpoint,
    change: (tx: EntityManager) => Promise<void>,
    touched: string,
    params: unknown[] = [],
  ): Promise<BulkCheckpoint> {
    let done = context.progressDone;
    await context.save(
      next,
      () => done,
      async (tx) => {
        await change(tx);
        done = await this.recount(tx, context);
        const items = await sql.rows<BulkItemRow>(
          tx,
          `SELECT contact_id, outcome, state, reason, ctct_contact_id, email, activity_id FROM bulk_run_items
          WHERE run_id = $1 AND (${touched})`,
          [context.runId, ...params],
        );
        return items.filter((item) => item.state !== 'planned').map(toRecord);
      },
    );
    return next;
  }

  /** Links the run's items matching `condition` to the CC ids they carry (the one link rule: ContactLinks). */
  private async linkItems(runId: string, condition: string): Promise<void> {
    const items = await sql.rows<{ contact_id: string; ctct_contact_id: string }>(
      this.dataSource,
      `SELECT contact_id, ctct_contact_id FROM bulk_run_items WHERE run_id = $1 AND ${condition} AND ctct_contact_id IS NOT NULL`,
      [runId],
    );
    await this.links.linkMany(
      this.dataSource,
      items.map((item) => ({ crmId: item.contact_id, ctctId: item.ctct_contact_id })),
    );
  }

  /** Sets the counts from the items (per planned outcome, and per record outcome so far); returns how many are finished. */
  private async recount(tx: EntityManager, context: JobContext<BulkCheckpoint>): Promise<number> {
    const groups = await sql.rows<{ outcome: BulkOutcome; state: string; count: number }>(
      tx,
      `SELECT outcome, state, count(*)::int AS count FROM bulk_run_items WHERE run_id = $1 GROUP BY outcome, state`,
      [context.runId],
    );
    for (const key of Object.keys(context.counts)) context.setCount(key, 0);
    let finished = 0;
    for (const group of groups) {
      context.count(group.outcome, group.count);
      const recorded = recordOutcome(group);
      if (recorded) context.count(recorded, group.count);
      if (['done', 'failed', 'skipped'].includes(group.state)) finished += group.count;
    }
    return finished;
  }
}

/** The record outcome of an item in this state (null: nothing sent yet, so nothing to record). */
function recordOutcome(item: Pick<BulkItemRow, 'outcome' | 'state'>): RecordOutcome['outcome'] | null {
  if (item.state === 'planned') return null;
  if (item.state === 'failed') return 'failed';
  if (item.state === 'skipped') return item.outcome === 'skip_needs_review' ? 'needs_review' : 'skipped';
  if (item.state === 'submitted') return 'sent';
  return item.outcome === 'create' ? 'created' : item.outcome === 'link_and_add' ? 'linked' : 'updated';
}

function toRecord(item: BulkItemRow): RecordOutcome {
  const base = { crmContactId: item.contact_id, ctctId: item.ctct_contact_id, label: item.email, key: item.contact_id };
  if (item.state === 'failed') return { ...base, outcome: 'failed', reason: item.reason };
  if (item.state === 'submitted') {
    const what = item.outcome === 'create' ? 'an import into the list' : 'an addition to the list';
    return { ...base, outcome: 'sent', reason: `sent to Constant Contact in ${what} (activity ${item.activity_id}); not confirmed yet` };
  }
  switch (item.outcome) {
    case 'create':
      return { ...base, outcome: 'created', reason: 'created in Constant Contact and added to the list' };
    case 'add_linked':
      return { ...base, outcome: 'updated', reason: 'added to the list' };
    case 'link_and_add':
      return { ...base, outcome: 'linked', reason: 'linked by email and added to the list' };
    case 'skip_needs_review':
      return { ...base, outcome: 'needs_review', reason: `needs review: ${item.reason}; not linked, not created` };
    default:
      // A skip CC's contract decided says which rule (e.g. the 50-character limit of an import).
      return { ...base, outcome: 'skipped', reason: [BULK_OUTCOME_LABELS[item.outcome], item.reason].filter(Boolean).join(': ') };
  }
}
