import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CtctClient } from '../../ctct/ctct.client';
import type { CtctContactsPage as ContactsPage } from '../../ctct/ctct-v3.types';
import { SettingsService } from '../../settings/settings.service';
import { CtctContactResource, CtctMirrorService } from '../ctct-mirror.service';
import { JobContext } from '../../runs/job-context';
import { RunJob } from '../../runs/run-job';
import { RecordOutcome } from '../../runs/run.row';
import { RunsRepository } from '../../runs/runs.repository';
import { EmailMatch, planLinks } from './plan-links';

export const CONTACTS_PAGE_SIZE = 500;
// Incremental runs look back a little before the last run started: clocks and in-flight changes overlap.
const INCREMENTAL_OVERLAP_MS = 10 * 60_000;

interface LinkCheckpoint {
  mode: 'full' | 'incremental';
  updatedAfter: string | null;
  nextHref: string | null;
  seen: number;
}

/**
 * Links CRM contacts to CC contacts by normalized email and stores the CC id on the CRM contact. It reads CC
 * 500 contacts a call (with list memberships, which the bulk wizard's preview uses), matches each page inside
 * PostgreSQL, never creates a CRM contact and never copies CC values into CRM fields. After the first full
 * run it fetches only what changed since the last run; a periodic full pass notices deletions. Opt-outs seen
 * in CC set the CRM contact's Do Not Email (a setting, on by default) and become Interactions.
 */
@Injectable()
export class LinkContactsJob implements RunJob<LinkCheckpoint> {
  readonly name = 'link-contacts' as const;

  constructor(
    private readonly client: CtctClient,
    private readonly dataSource: DataSource,
    private readonly mirror: CtctMirrorService,
    private readonly runs: RunsRepository,
    private readonly settings: SettingsService,
  ) {}

  async run(context: JobContext<LinkCheckpoint>): Promise<void> {
    let checkpoint = context.checkpoint ?? (await this.plan());
    context.setMode(checkpoint.mode);
    let path: string | null = checkpoint.nextHref ?? '/contacts';
    while (path) {
      const page: ContactsPage = await this.client.call('getContacts', {
        href: path,
        query:
          path === '/contacts'
            ? {
                limit: CONTACTS_PAGE_SIZE,
                status: 'all',
                include: 'list_memberships',
                include_count: true,
                ...(checkpoint.updatedAfter ? { updated_after: checkpoint.updatedAfter } : {}),
              }
            : undefined,
      });
      if (page.contacts_count !== undefined) context.setTotal(page.contacts_count);
      await this.processPage(page.contacts, context);
      path = page._links?.next?.href ?? null;
      checkpoint = { ...checkpoint, nextHref: path, seen: checkpoint.seen + page.contacts.length };
      await context.save(checkpoint, checkpoint.seen);
    }
    if (checkpoint.mode === 'full') await this.noticeVanished(context);
  }

  /** Full when never done, or when the last full pass is older than the setting; else changes since the last run. */
  private async plan(): Promise<LinkCheckpoint> {
    const { lastSuccess, lastFull } = await this.runs.lastSuccessfulStarts(this.name);
    const fullEveryMs = (await this.settings.get('sync.linkFullPassEveryDays')) * 86_400_000;
    if (!lastSuccess || !lastFull || Date.now() - new Date(lastFull).getTime() >= fullEveryMs) {
      return { mode: 'full', updatedAfter: null, nextHref: null, seen: 0 };
    }
    const since = new Date(new Date(lastSuccess).getTime() - INCREMENTAL_OVERLAP_MS);
    return { mode: 'incremental', updatedAfter: since.toISOString(), nextHref: null, seen: 0 };
  }

  private async processPage(contacts: CtctContactResource[], context: JobContext<LinkCheckpoint>): Promise<void> {
    if (contacts.length === 0) return;
    await this.mirror.upsertContacts(contacts, context.runId);
    const ids = contacts.map((contact) => contact.contact_id);
    const matches: Array<{ ctct_id: string; ctct_deleted: boolean; email: string; crm_id: string; crm_linked_to: string | null }> =
      await this.dataSource.query(
        `SELECT m.contact_id AS ctct_id, m.cc_deleted_at IS NOT NULL AS ctct_deleted, m.email_normalized AS email,
                c.id AS crm_id, c.ctct_contact_id AS crm_linked_to
           FROM ctct_contacts m
           JOIN contacts c ON c.email_normalized = m.email_normalized AND c.deleted_at IS NULL
          WHERE m.contact_id = ANY($1::uuid[]) AND m.email_normalized IS NOT NULL`,
        [ids],
      );
    const decisions = planLinks(
      matches.map((row): EmailMatch => ({ ctctId: row.ctct_id, ctctDeleted: row.ctct_deleted, email: row.email, crmId: row.crm_id, crmLinkedTo: row.crm_linked_to })),
    );
    const records: RecordOutcome[] = [];
    const toLink = decisions.filter((decision) => decision.kind === 'link');
    const linked = await this.link(toLink.map((decision) => ({ crmId: decision.crmId, ctctId: decision.ctctId })));
    for (const decision of decisions) {
      switch (decision.kind) {
        case 'link':
          if (linked.has(decision.crmId)) {
            context.count('linked');
            records.push({ outcome: 'linked', crmContactId: decision.crmId, ctctId: decision.ctctId, label: decision.email });
          } else {
            context.count('skipped');
            records.push({ outcome: 'skipped', reason: 'another CRM contact is already linked to this Constant Contact contact', crmContactId: decision.crmId, ctctId: decision.ctctId, label: decision.email });
          }
          break;
        case 'ambiguous':
          context.count('skipped', decision.crmIds.length);
          for (const crmId of decision.crmIds) {
            records.push({ outcome: 'skipped', reason: `${decision.crmIds.length} CRM contacts share this email: not linked, merge or fix them`, crmContactId: crmId, ctctId: decision.ctctId, label: decision.email });
          }
          break;
        case 'linked-elsewhere':
          context.count('skipped');
          records.push({ outcome: 'skipped', reason: `already linked to Constant Contact contact ${decision.linkedTo}`, crmContactId: decision.crmId, ctctId: decision.ctctId, label: decision.email });
          break;
        case 'deleted-after-link':
          context.count('ctctDeleted');
          records.push({ outcome: 'skipped', reason: 'deleted in Constant Contact after it was linked (link kept)', crmContactId: decision.crmId, ctctId: decision.ctctId, label: decision.email });
          break;
      }
    }
    context.count('unmatched', contacts.length - new Set(matches.map((row) => row.ctct_id)).size);
    // Shared emails whose CC contact is deleted in CC: rightly not linked, but counted so every contact is accounted for.
    context.count('ctctDeletedUnlinked', new Set(matches.filter((row) => row.ctct_deleted && row.crm_linked_to !== row.ctct_id).map((row) => row.ctct_id)).size);
    await context.record(records);
    await this.applyOptOuts(ids, context);
  }

  /** Sets the links in one statement; returns the CRM ids actually linked (the unique index has the last word). */
  private async link(pairs: Array<{ crmId: string; ctctId: string }>): Promise<Set<string>> {
    if (pairs.length === 0) return new Set();
    const rows: Array<{ id: string }> = await this.dataSource
      .query(
        `UPDATE contacts c SET ctct_contact_id = v.ctct_id, updated_at = now()
           FROM unnest($1::uuid[], $2::uuid[]) AS v(crm_id, ctct_id)
          WHERE c.id = v.crm_id AND c.ctct_contact_id IS NULL AND c.deleted_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM contacts o WHERE o.ctct_contact_id = v.ctct_id AND o.deleted_at IS NULL)
          RETURNING c.id`,
        [pairs.map((pair) => pair.crmId), pairs.map((pair) => pair.ctctId)],
      )
      .then((result: [Array<{ id: string }>, number]) => result[0]);
    const linkedIds = rows.map((row) => row.id);
    if (linkedIds.length) {
      // Engagement imported before the link now shows on the contact.
      await this.dataSource.query(
        `UPDATE interactions i SET contact_id = c.id FROM contacts c
          WHERE c.id = ANY($1::uuid[]) AND i.contact_id IS NULL AND i.ctct_contact_id = c.ctct_contact_id`,
        [linkedIds],
      );
    }
    return new Set(linkedIds);
  }

  /** CC says these people unsubscribed: record it on the linked CRM contacts (Interaction + Do Not Email). */
  private async applyOptOuts(ctctIds: string[], context: JobContext<LinkCheckpoint>): Promise<void> {
    const setDoNotEmail = await this.settings.get('sync.optOutSetsDoNotEmail');
    const rows: Array<{ crm_id: string; newly_dne: boolean }> = await this.dataSource.query(
      `WITH opted_out AS (
         SELECT c.id AS crm_id, c.do_not_email, m.contact_id, m.email_address, m.opt_out_source, m.opt_out_date, m.opt_out_reason
           FROM ctct_contacts m JOIN contacts c ON c.ctct_contact_id = m.contact_id AND c.deleted_at IS NULL
          WHERE m.contact_id = ANY($1::uuid[]) AND m.permission_to_send = 'unsubscribed' AND m.opt_out_date IS NOT NULL
       ), recorded AS (
         INSERT INTO interactions (contact_id, ctct_contact_id, type, occurred_at, description, opt_out_reason, email_address, dedupe_key, source_run_id)
         SELECT o.crm_id, o.contact_id, 'email_optout', o.opt_out_date,
                'Opted out of email in Constant Contact (source: ' || coalesce(o.opt_out_source, 'unknown') || ')',
                o.opt_out_reason, o.email_address, 'optout:' || o.contact_id || ':' || extract(epoch FROM o.opt_out_date)::bigint, $2
           FROM opted_out o
          -- The campaign opt-out report may already have recorded this opt-out.
          WHERE NOT EXISTS (SELECT 1 FROM interactions i WHERE i.ctct_contact_id = o.contact_id AND i.type = 'email_optout'
                              AND abs(extract(epoch FROM i.occurred_at - o.opt_out_date)) < 120)
         ON CONFLICT DO NOTHING
       ), flagged AS (
         UPDATE contacts c SET do_not_email = true, updated_at = now()
           FROM opted_out o WHERE $3 AND c.id = o.crm_id AND NOT o.do_not_email
          RETURNING c.id
       )
       SELECT o.crm_id, EXISTS (SELECT 1 FROM flagged f WHERE f.id = o.crm_id) AS newly_dne FROM opted_out o`,
      [ctctIds, context.runId, setDoNotEmail],
    );
    const flagged = rows.filter((row) => row.newly_dne);
    if (flagged.length) {
      context.count('updated', flagged.length);
      context.count('optOuts', flagged.length);
      await context.record(flagged.map((row) => ({ outcome: 'updated' as const, reason: 'opted out in Constant Contact: Do Not Email set', crmContactId: row.crm_id })));
    }
  }

  /** After a full pass: CC contacts we knew of that CC no longer lists at all (not even as deleted). */
  private async noticeVanished(context: JobContext<LinkCheckpoint>): Promise<void> {
    const vanished: Array<{ contact_id: string; crm_id: string | null; email_address: string | null }> = await this.dataSource
      .query(
        `UPDATE ctct_contacts m SET cc_deleted_at = now(), synced_at = now()
          WHERE m.cc_deleted_at IS NULL AND m.last_seen_run_id IS DISTINCT FROM $1
          RETURNING m.contact_id, m.email_address, (SELECT c.id FROM contacts c WHERE c.ctct_contact_id = m.contact_id AND c.deleted_at IS NULL) AS crm_id`,
        [context.runId],
      )
      .then((result: [Array<{ contact_id: string; crm_id: string | null; email_address: string | null }>, number]) => result[0]);
    const linked = vanished.filter((row) => row.crm_id);
    if (linked.length) {
      context.count('ctctDeleted', linked.length);
      await context.record(
        linked.map((row) => ({ outcome: 'skipped' as const, reason: 'no longer in Constant Contact (link kept)', crmContactId: row.crm_id, ctctId: row.contact_id, label: row.email_address })),
      );
    }
  }
}
