import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { sql } from '../../../common/sql';
import { ConsentLedger } from '../../consent/consent-ledger';
import { ctctOptOutsImported } from '../../consent/consent-events';
import { ContactLinks } from '../../contacts/contact-links';
import { ContactsRepository } from '../../contacts/contacts.repository';
import { emailKey } from '../../contacts/email-key';
import { CtctClient } from '../../ctct/ctct.client';
import type { CtctContact, CtctContactsPage as ContactsPage } from '../../ctct/ctct-v3.types';
import { CtctMirrorService } from '../../ctct-mirror/ctct-mirror.service';
import { InteractionsRepository } from '../../interactions/interactions.repository';
import { ConvergenceService } from '../../push/convergence.service';
import { JobContext } from '../../runs/job-context';
import { RunJob } from '../../runs/run-job';
import { RecordOutcome } from '../../runs/run.row';
import { RunsRepository } from '../../runs/runs.repository';
import { SettingsService } from '../../settings/settings.service';
import { CcCandidate, CrmCandidate, LinkDecision, planLinks } from './plan-links';

export const CONTACTS_PAGE_SIZE = 500;
// Incremental runs look back a little before the last run started: clocks and in-flight changes overlap.
const INCREMENTAL_OVERLAP_MS = 10 * 60_000;
// Loose keys matched per step of the match phase (each step: two reads, the links, the records, a checkpoint).
const MATCH_BATCH = 2_000;

interface LinkCheckpoint {
  mode: 'full' | 'incremental';
  updatedAfter: string | null;
  nextHref: string | null;
  seen: number;
  /** Unlinked CRM contacts changed since then are matched too (the last successful run's start minus the overlap). */
  crmChangedSince?: string | null;
  /** fetch: paging CC's contacts into the mirror; match: matching by email key in PostgreSQL (absent: fetch). */
  phase?: 'fetch' | 'match';
  /** The match phase goes through the loose keys in order, each once: the last one done. */
  matchedThrough?: string | null;
}

type Decision<Kind extends LinkDecision['kind']> = Extract<LinkDecision, { kind: Kind }>;

interface CcCandidateRow {
  contact_id: string;
  email_address: string | null;
  email_normalized: string;
  email_loose_key: string;
  deleted: boolean;
  seen: boolean;
  gone_now: boolean;
  held_by: string | null;
}

interface CrmCandidateRow {
  id: string;
  email: string;
  email_normalized: string;
  email_loose_key: string;
  ctct_contact_id: string | null;
  linked_gone: boolean;
}

/**
 * Links CRM contacts to CC contacts by email key and stores the CC id on the CRM contact. It reads CC 500
 * contacts a call (with list memberships, which the bulk wizard's preview uses) into the mirror, then matches
 * in PostgreSQL — after the listing, so a run decides with every CC contact it saw (two CC contacts with one key on
 * different pages are seen as two). It never creates a CRM contact and never copies CC values into CRM fields.
 * After the first full run it fetches only what changed since the last run, and matches those CC contacts plus
 * the CRM contacts created or changed since (not linked yet) against the whole mirror: no extra call. A periodic
 * full pass notices purged contacts. The link rule (plan-links.ts): never across an ambiguity ("needs review"), one
 * link per contact, and a link follows CC when its CC contact is re-created under a new id. Opt-outs seen in CC
 * set the CRM contact's Do Not Email (a setting, on by default) and become Interactions.
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
    private readonly convergence: ConvergenceService,
    private readonly ledger: ConsentLedger,
  ) {}

  async run(context: JobContext<LinkCheckpoint>): Promise<void> {
    let checkpoint = context.checkpoint ?? (await this.plan());
    context.setMode(checkpoint.mode);
    if ((checkpoint.phase ?? 'fetch') === 'fetch') {
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
      // CC contacts gone from CC: not listed by a full pass; for an incremental one, their address now held by a new contact.
      if (checkpoint.mode === 'full') {
        await this.mirror.markUnseenContactsDeleted(this.dataSource, context.runId);
        // The match phase reads the mirror by key: its plans need statistics of what this pass wrote (a first pass
        // fills it from nothing; autovacuum may analyze it minutes later — a scan per step until then).
        await this.mirror.refreshStatistics(this.dataSource);
      } else await this.mirror.markSupersededContactsGone(this.dataSource, context.runId);
      checkpoint = { ...checkpoint, phase: 'match', matchedThrough: null };
      await context.save(checkpoint, checkpoint.seen);
    }
    for (;;) {
      const keys = await this.keysToMatch(context.runId, checkpoint.crmChangedSince ?? null, checkpoint.matchedThrough ?? null);
      if (keys.length === 0) break;
      await this.matchKeys(keys, context);
      checkpoint = { ...checkpoint, matchedThrough: keys[keys.length - 1] };
      await context.save(checkpoint, checkpoint.seen);
    }
    await this.convergence.afterLinkRun(context); // the mirror is fresh: queue the pushes that fix any drift (no CC calls)
  }

  /** Full when never done, or when the last full pass is older than the setting; else changes since the last run. */
  private async plan(): Promise<LinkCheckpoint> {
    const { lastSuccess, lastFull } = await this.runs.lastSuccessfulStarts(this.name);
    const since = lastSuccess ? new Date(new Date(lastSuccess).getTime() - INCREMENTAL_OVERLAP_MS).toISOString() : null;
    const fullEveryMs = (await this.settings.get('sync.linkFullPassEveryDays')) * 86_400_000;
    if (!lastSuccess || !lastFull || Date.now() - new Date(lastFull).getTime() >= fullEveryMs) {
      return { mode: 'full', updatedAfter: null, nextHref: null, seen: 0, crmChangedSince: since, phase: 'fetch' };
    }
    return { mode: 'incremental', updatedAfter: since, nextHref: null, seen: 0, crmChangedSince: since, phase: 'fetch' };
  }

  /** One page of CC contacts: into the mirror, and CC's opt-outs onto the CRM contacts already linked to them. */
  private async processPage(contacts: CtctContact[], context: JobContext<LinkCheckpoint>): Promise<void> {
    if (contacts.length === 0) return;
    await this.mirror.upsertContacts(this.dataSource, contacts, context.runId);
    // No address, nothing to match (the others are counted when their key is matched).
    context.count('unmatched', contacts.filter((contact) => !emailKey(contact.email_address?.address)).length);
    await this.applyOptOuts(
      contacts.map((contact) => contact.contact_id),
      context,
    );
  }

  /**
   * The next loose keys (email-key.ts) to match, in order after `after`: those of the CC contacts this run listed
   * or found gone, and of the CRM contacts changed since `crmChangedSince` and not linked yet (new, or email
   * corrected). Each key is one group: every contact that could be confused with another is decided together.
   */
  private async keysToMatch(runId: string, crmChangedSince: string | null, after: string | null): Promise<string[]> {
    // Each source gives its next keys in order from its own index (ctct_contacts_seen_keys, ctct_contacts_gone_keys):
    // the first MATCH_BATCH of the union are among them. One scan of the whole mirror per step made the match
    // phase quadratic (bench link-full-1m).
    const rows = await sql.rows<{ k: string }>(
      this.dataSource,
      `SELECT k FROM (
         (SELECT email_loose_key COLLATE "C" AS k FROM ctct_contacts
           WHERE last_seen_run_id = $1 AND email_loose_key IS NOT NULL AND ($3::text IS NULL OR email_loose_key COLLATE "C" > $3::text)
           ORDER BY 1 LIMIT $4)
         UNION
         (SELECT email_loose_key COLLATE "C" FROM ctct_contacts
           WHERE gone_run_id = $1 AND email_loose_key IS NOT NULL AND ($3::text IS NULL OR email_loose_key COLLATE "C" > $3::text)
           ORDER BY 1 LIMIT $4)
         UNION
         (SELECT email_loose_key COLLATE "C" FROM contacts
           WHERE $2::timestamptz IS NOT NULL AND updated_at >= $2::timestamptz AND deleted_at IS NULL AND ctct_contact_id IS NULL
             AND email_loose_key IS NOT NULL AND ($3::text IS NULL OR email_loose_key COLLATE "C" > $3::text)
           ORDER BY 1 LIMIT $4)
       ) keys
        ORDER BY k LIMIT $4`,
      [runId, crmChangedSince, after, MATCH_BATCH],
    );
    return rows.map((row) => row.k);
  }

  /** Matches the groups of these loose keys: both sides read in two statements, decided by planLinks, linked set-based. */
  private async matchKeys(keys: string[], context: JobContext<LinkCheckpoint>): Promise<void> {
    // Reads across the mirror and contacts (a read model of the link job); the writes go to their owners.
    const ccRows = await sql.rows<CcCandidateRow>(
      this.dataSource,
      `SELECT m.contact_id, m.email_address, m.email_normalized, m.email_loose_key, m.cc_deleted_at IS NOT NULL AS deleted,
              m.last_seen_run_id IS NOT DISTINCT FROM $2 AS seen, m.gone_run_id IS NOT DISTINCT FROM $2 AS gone_now, h.id AS held_by
         FROM ctct_contacts m
         -- A probe per CC contact (see ContactLinks: a join read the whole unique index while stale statistics said
         -- no contact was linked yet).
         LEFT JOIN LATERAL (
           SELECT h.id FROM contacts h WHERE h.ctct_contact_id = m.contact_id AND h.deleted_at IS NULL LIMIT 1) h ON true
        WHERE m.email_loose_key = ANY($1::text[]) AND m.email_normalized IS NOT NULL`,
      [keys, context.runId],
    );
    const crmRows = await sql.rows<CrmCandidateRow>(
      this.dataSource,
      `SELECT c.id, c.email, c.email_normalized, c.email_loose_key, c.ctct_contact_id,
              coalesce(l.cc_deleted_at IS NOT NULL, false) AS linked_gone
         FROM contacts c LEFT JOIN ctct_contacts l ON l.contact_id = c.ctct_contact_id
        WHERE c.email_loose_key = ANY($1::text[]) AND c.deleted_at IS NULL AND c.email_normalized IS NOT NULL`,
      [keys],
    );
    const plan = planLinks(
      ccRows.map((row): CcCandidate => ({
        ctctId: row.contact_id,
        address: row.email_address,
        key: row.email_normalized,
        looseKey: row.email_loose_key,
        deleted: row.deleted,
        seen: row.seen,
        goneNow: row.gone_now,
        heldBy: row.held_by,
      })),
      crmRows.map((row): CrmCandidate => ({
        crmId: row.id,
        email: row.email,
        key: row.email_normalized,
        looseKey: row.email_loose_key,
        linkedTo: row.ctct_contact_id,
        linkedGone: row.linked_gone,
      })),
    );
    context.count('unmatched', plan.unmatched);
    // Shared emails whose CC contact is deleted in CC: rightly not linked, but counted so every contact is accounted for.
    context.count('ctctDeletedUnlinked', plan.deletedUnlinked);
    const toLink = plan.decisions.filter((decision): decision is Decision<'link'> => decision.kind === 'link');
    const toRelink = plan.decisions.filter((decision): decision is Decision<'relink'> => decision.kind === 'relink');
    const linked = await this.links.linkMany(this.dataSource, toLink);
    const relinked = await this.links.relinkMany(this.dataSource, toRelink);
    const records = plan.decisions.map((decision) => this.outcomeOf(decision, linked, relinked, context));
    await context.record(records);
    // The newly linked contacts get CC's opt-outs too (the page's opt-outs reached only those linked before).
    const followed = [...toLink, ...toRelink].filter((decision) => linked.has(decision.crmId) || relinked.has(decision.crmId));
    await this.applyOptOuts(
      followed.map((decision) => decision.ctctId),
      context,
    );
  }

  /** The run record (and count) of one decision, once the links are written. */
  private outcomeOf(
    decision: LinkDecision,
    linked: Set<string>,
    relinked: Set<string>,
    context: JobContext<LinkCheckpoint>,
  ): RecordOutcome {
    const base = { crmContactId: decision.crmId, ctctId: decision.ctctId, label: decision.email };
    const skipped = (reason: string, count = 'skipped'): RecordOutcome => {
      context.count(count);
      return { ...base, outcome: 'skipped', reason };
    };
    switch (decision.kind) {
      case 'link':
        if (!linked.has(decision.crmId)) return skipped('another CRM contact is already linked to this Constant Contact contact');
        context.count('linked');
        return { ...base, outcome: 'linked' };
      case 'relink':
        if (!relinked.has(decision.crmId)) return skipped('not re-linked: the link or the Constant Contact contact changed meanwhile');
        context.count('relinked');
        return {
          ...base,
          outcome: 'relinked',
          reason: `re-linked: CC contact re-created (was ${decision.fromCtctId}, gone from Constant Contact)`,
        };
      case 'needs-review':
        context.count('needs_review');
        return { ...base, outcome: 'needs_review', reason: decision.reason };
      case 'linked-elsewhere':
        return skipped(`already linked to Constant Contact contact ${decision.linkedTo}`);
      case 'held-by-another':
        return skipped('another CRM contact is already linked to this Constant Contact contact');
      case 'link-kept':
        return decision.why === 'gone'
          ? skipped('no longer in Constant Contact (link kept)', 'ctctDeleted')
          : skipped('deleted in Constant Contact after it was linked (link kept)', 'ctctDeleted');
    }
  }

  /** CC says these people unsubscribed: record it on the linked CRM contacts (Interaction + Do Not Email). */
  private async applyOptOuts(ctctIds: string[], context: JobContext<LinkCheckpoint>): Promise<void> {
    if (ctctIds.length === 0) return;
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
      const rows = await this.contacts.setDoNotEmailForCtctOptOuts(
        manager,
        optedOut.map((row) => row.contact_id),
      );
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
}
