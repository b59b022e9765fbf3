import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Db, sql } from '../../common/sql';
import { InteractionsRepository } from '../interactions/interactions.repository';
import { ContactChangeListeners } from './contact-change-listener';

export interface ContactLink {
  crmId: string;
  ctctId: string;
}

/** A CRM contact moving from a CC contact that is gone (deleted, purged) to the live one with the same email key. */
export interface ContactRelink extends ContactLink {
  /** The CC id the contact is linked to now: the re-link happens only if it still is (the caller decided on it). */
  fromCtctId: string;
}

// Pairs per statement: the link job sends a page (500), the bulk run up to its whole selection (100,000).
const LINK_BATCH = 10_000;

/**
 * The one place a CRM contact is linked to a CC contact (contacts.ctct_contact_id), whoever finds the match:
 * the link job, the bulk wizard, a push. The rule: only a live contact not linked yet, and never a CC contact
 * another live contact already holds (the unique index has the last word): links are one-to-one. Linking also
 * re-attaches the engagement imported for that CC contact before the link, in the same transaction.
 *
 * Deciding *whether* two contacts are the same person is the callers' (plan-links.ts, the push lookup, the bulk
 * candidates), all on the email key: never across an ambiguity (two CC or two CRM contacts with one key, or a match
 * only after a folding CC may not make). A link follows CC: `relinkMany` moves a contact whose CC contact is gone.
 */
/**
 * Whether a live contact already holds the pair's CC id (`v.ctct_id`): one probe of the unique index per pair, which
 * LIMIT 1 in a lateral join keeps as a probe. Written as NOT EXISTS, PostgreSQL planned an anti-join that read the
 * whole index whenever its statistics still said no contact was linked — every batch of a first link of 1,000,000
 * contacts read the ever-growing index once more (bench link-full-1m).
 */
const HELD_BY_ANOTHER = `SELECT 1 AS taken FROM contacts o WHERE o.ctct_contact_id = v.ctct_id AND o.deleted_at IS NULL LIMIT 1`;

@Injectable()
export class ContactLinks {
  constructor(
    private readonly interactions: InteractionsRepository,
    private readonly listeners: ContactChangeListeners,
  ) {}

  /** Returns whether it linked. */
  async link(db: Db, crmId: string, ctctId: string): Promise<boolean> {
    return (await this.linkMany(db, [{ crmId, ctctId }])).has(crmId);
  }

  /** Set-based: one UPDATE per 10,000 pairs. Returns the CRM ids actually linked. */
  async linkMany(db: Db, links: readonly ContactLink[]): Promise<Set<string>> {
    if (links.length === 0) return new Set();
    return inTransaction(db, async (manager) => {
      const linked = new Set<string>();
      for (let start = 0; start < links.length; start += LINK_BATCH) {
        const batch = links.slice(start, start + LINK_BATCH);
        const rows = await sql.rows<{ id: string }>(
          manager,
          `UPDATE contacts c SET ctct_contact_id = v.ctct_id, updated_at = now()
             FROM unnest($1::uuid[], $2::uuid[]) AS v(crm_id, ctct_id)
             LEFT JOIN LATERAL (${HELD_BY_ANOTHER}) held ON true
            WHERE c.id = v.crm_id AND c.ctct_contact_id IS NULL AND c.deleted_at IS NULL AND held.taken IS NULL
            RETURNING c.id`,
          [batch.map((link) => link.crmId), batch.map((link) => link.ctctId)],
        );
        const done = new Set(rows.map((row) => row.id));
        await this.interactions.attachEarlierEngagement(
          manager,
          batch.filter((link) => done.has(link.crmId)),
        );
        for (const id of done) linked.add(id);
      }
      return linked;
    });
  }

  /** Returns whether it re-linked. */
  async relink(db: Db, relink: ContactRelink): Promise<boolean> {
    return (await this.relinkMany(db, [relink])).has(relink.crmId);
  }

  /**
   * Moves live CRM contacts from a CC contact that is gone to the live CC contact with the same key (CC re-created
   * the address under a new id): only if the contact is still linked to `fromCtctId` and no other live contact holds
   * the new id. The contact's Interactions stay (they are the CRM contact's); engagement already imported for the
   * new CC id is attached; listeners hear of it in the same transaction (push queues an opt-out for the new CC
   * contact when the CRM says Do Not Email). Returns the CRM ids re-linked.
   */
  async relinkMany(db: Db, relinks: readonly ContactRelink[]): Promise<Set<string>> {
    if (relinks.length === 0) return new Set();
    return inTransaction(db, async (manager) => {
      const relinked = new Set<string>();
      for (let start = 0; start < relinks.length; start += LINK_BATCH) {
        const batch = relinks.slice(start, start + LINK_BATCH);
        const rows = await sql.rows<{ id: string; do_not_email: boolean }>(
          manager,
          `UPDATE contacts c SET ctct_contact_id = v.ctct_id, updated_at = now()
             FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) AS v(crm_id, ctct_id, from_id)
             LEFT JOIN LATERAL (${HELD_BY_ANOTHER}) held ON true
            WHERE c.id = v.crm_id AND c.ctct_contact_id = v.from_id AND c.deleted_at IS NULL AND held.taken IS NULL
            RETURNING c.id, c.do_not_email`,
          [batch.map((link) => link.crmId), batch.map((link) => link.ctctId), batch.map((link) => link.fromCtctId)],
        );
        const done = new Map(rows.map((row) => [row.id, row.do_not_email]));
        const moved = batch.filter((link) => done.has(link.crmId));
        await this.interactions.attachEarlierEngagement(manager, moved);
        for (const link of moved) {
          await this.listeners.onRelinked(manager, { id: link.crmId, doNotEmail: done.get(link.crmId)! }, link.ctctId);
          relinked.add(link.crmId);
        }
      }
      return relinked;
    });
  }
}

/** Runs `work` in the caller's transaction, or in a new one when given the pool. */
function inTransaction<T>(db: Db, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  return db instanceof DataSource ? db.transaction(work) : work(db);
}
