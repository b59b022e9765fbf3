import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Db, sql } from '../../common/sql';
import { InteractionsRepository } from '../interactions/interactions.repository';

export interface ContactLink {
  crmId: string;
  ctctId: string;
}

// Pairs per statement: the link job sends a page (500), the bulk run up to its whole selection (100,000).
const LINK_BATCH = 10_000;

/**
 * The one place a CRM contact is linked to a CC contact (contacts.ctct_contact_id), whoever finds the match:
 * the link job, the bulk wizard, a push. The rule: only a live contact not linked yet, and never a CC contact
 * another live contact already holds (the unique index has the last word). Linking also re-attaches the
 * engagement imported for that CC contact before the link, in the same transaction.
 */
@Injectable()
export class ContactLinks {
  constructor(private readonly interactions: InteractionsRepository) {}

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
            WHERE c.id = v.crm_id AND c.ctct_contact_id IS NULL AND c.deleted_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM contacts o WHERE o.ctct_contact_id = v.ctct_id AND o.deleted_at IS NULL)
            RETURNING c.id`,
          [batch.map((link) => link.crmId), batch.map((link) => link.ctctId)],
        );
        const done = new Set(rows.map((row) => row.id));
        await this.interactions.attachEarlierEngagement(manager, batch.filter((link) => done.has(link.crmId)));
        for (const id of done) linked.add(id);
      }
      return linked;
    });
  }
}

/** Runs `work` in the caller's transaction, or in a new one when given the pool. */
function inTransaction<T>(db: Db, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  return db instanceof DataSource ? db.transaction(work) : work(db);
}
