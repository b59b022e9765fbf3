import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { sql } from '../../../common/sql';
import { ConsentLedger } from '../../consent/consent-ledger';
import { ctctOptOutsImported } from '../../consent/consent-events';
import { ContactLinks } from '../../contacts/contact-links';
import { ContactsRepository } from '../../contacts/contacts.repository';
import { CtctClient } from '../../ctct/ctct.client';
import type { CtctContact, CtctContactsPage as ContactsPage } from '../../ctct/ctct-v3.types';
import { CtctMirrorService } from '../../ctct-mirror/ctct-mirror.service';
import { InteractionsRepository } from '../../interactions/interactions.repository';
import { JobContext } from '../../runs/job-context';
import { RunJob } from '../../runs/run-job';
import { RecordOutcome } from '../../runs/run.row';
import { RunsRepository } from '../../runs/runs.repository';
import { SettingsService } from '../../settings/settings.service';
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
    private readonly links: ContactLinks,
    private readonly contacts: ContactsRepository,
    private readonly interactions: InteractionsRepository,
    private readonly ledger: ConsentLedger,
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

  private async processPage(contacts: CtctContact[], context: JobContext<LinkCheckpoint>): Promise<void> {
    if (contacts.length === 0) return;
    await this.mirror.upsertContacts(this.dataSource, contacts, context.runId);
    const ids = contacts.map((contact) => contact.contact_id);
    // Matching is one join in PostgreSQL per page (a read across the mirror and contacts; writes go to their owners).
    const matches = await sql.rows<{ ctct_id: string; ctct_deleted: boolean; email: string; crm_id: string; crm_linked_to: string | null }>(
      this.dataSource,
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
    const linked = await this.links.linkMany(
      this.dataSource,
      toLink.map((decision) => ({ crmId: decision.crmId, ctctId: decision.ctctId })),
    );
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

  /** CC says these people unsubscribed: record it on the linked CRM contacts (Interaction + Do Not Email). */
  private async applyOptOuts(ctctIds: string[], context: JobContext<LinkCheckpoint>): Promise<void> {
    const setDoNotEmail = await this.settings.get('sync.optOutSetsDoNotEmail');
    const optedOut = await this.mirror.optedOutAmong(this.dataSource, ctctIds);
    await this.interactions.recordCtctOptOuts(this.dataSource, optedOut, context.runId);
    if (!setDoNotEmail) return;
    // Do Not Email and its consent event commit together (the ledger names this page's call as the carrier).
    const facts = optedOut.map((row) => ({
      ctctContactId: row.contact_id,
      optOutSource: row.opt_out_source,
      optOutDate: row.opt_out_date,
      optOutReason: row.opt_out_reason,
    }));
    const flagged = await this.dataSource.transaction(async (manager) => {
      const rows = await this.contacts.setDoNotEmailForCtctOptOuts(manager, optedOut.map((row) => row.contact_id));
      await this.ledger.record(manager, ctctOptOutsImported(rows, facts, 'link-contacts'));
      return rows;
    });
    if (flagged.length) {
      context.count('updated', flagged.length);
      context.count('optOuts', flagged.length);
      const reason = 'opted out in Constant Contact: Do Not Email set';
      await context.record(flagged.map((row) => ({ outcome: 'updated' as const, reason, crmContactId: row.id })));
    }
  }

  /** After a full pass: CC contacts we knew of that CC no longer lists at all (not even as deleted). */
  private async noticeVanished(context: JobContext<LinkCheckpoint>): Promise<void> {
    const vanished = await this.mirror.markUnseenContactsDeleted(this.dataSource, context.runId);
    const linkedTo = await this.contacts.linkedTo(this.dataSource, vanished.map((row) => row.contact_id));
    const crmIdOf = new Map(linkedTo.map((row) => [row.ctct_contact_id, row.id]));
    const linked = vanished.filter((row) => crmIdOf.has(row.contact_id));
    if (linked.length) {
      context.count('ctctDeleted', linked.length);
      await context.record(
        linked.map((row) => ({
          outcome: 'skipped' as const,
          reason: 'no longer in Constant Contact (link kept)',
          crmContactId: crmIdOf.get(row.contact_id)!,
          ctctId: row.contact_id,
          label: row.email_address,
        })),
      );
    }
  }
}
