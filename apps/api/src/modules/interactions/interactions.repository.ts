import { Injectable } from '@nestjs/common';
import { Db, sql } from '../../common/sql';
import { CtctOptOut, InteractionInsert } from './interaction.row';

/**
 * The only writer of `interactions`. Events are stored against the CC contact id and attached to the CRM
 * contact linked to it, now or when the link is made later (`attachEarlierEngagement`, called by ContactLinks).
 */
@Injectable()
export class InteractionsRepository {
  /**
   * Imports one page of engagement in one statement (the activities job's hot path, benchmarked: keep it one
   * set-based INSERT). Rows already imported (same dedupe key) are skipped.
   */
  async importBatch(db: Db, rows: InteractionInsert[], runId: string): Promise<{ inserted: number; linked: number }> {
    if (rows.length === 0) return { inserted: 0, linked: 0 };
    const counts = await sql.one<{ inserted: number; linked: number }>(
      db,
      `WITH incoming AS (
         SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::timestamptz[], $4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::text[],
                               $9::varchar[], $10::text[], $11::varchar[], $12::varchar[])
           AS t(ctct_contact_id, type, occurred_at, campaign_id, campaign_activity_id, campaign_name, description, url, bounce_code,
                opt_out_reason, email_address, dedupe_key)
       ), written AS (
         INSERT INTO interactions (contact_id, ctct_contact_id, type, occurred_at, campaign_id, campaign_activity_id, campaign_name,
                                   description, url, bounce_code, opt_out_reason, email_address, dedupe_key, source_run_id)
         SELECT c.id, t.ctct_contact_id, t.type, t.occurred_at, t.campaign_id, t.campaign_activity_id, t.campaign_name, t.description,
                t.url, t.bounce_code, t.opt_out_reason, t.email_address, t.dedupe_key, $13
           -- A probe per row (see ContactLinks: a join read the whole unique index of links while stale statistics
           -- said none existed, after a first link of 1,000,000 contacts).
           FROM incoming t
           LEFT JOIN LATERAL (
             SELECT c.id FROM contacts c WHERE c.ctct_contact_id = t.ctct_contact_id AND c.deleted_at IS NULL LIMIT 1) c ON true
         ON CONFLICT DO NOTHING
         RETURNING contact_id
       )
       SELECT count(*)::int AS inserted, count(contact_id)::int AS linked FROM written`,
      [
        rows.map((row) => row.ctctContactId),
        rows.map((row) => row.type),
        rows.map((row) => row.occurredAt),
        rows.map((row) => row.campaignId),
        rows.map((row) => row.campaignActivityId),
        rows.map((row) => row.campaignName),
        rows.map((row) => row.description),
        rows.map((row) => row.url),
        rows.map((row) => row.bounceCode),
        rows.map((row) => row.optOutReason),
        rows.map((row) => row.email),
        rows.map((row) => row.dedupeKey),
        runId,
      ],
    );
    return counts!;
  }

  /**
   * Records CC unsubscribes as opt-out Interactions on the CRM contacts linked to those CC contacts (unlinked
   * ones are left out). One per unsubscribe, and none when the campaign opt-out report already recorded it.
   */
  async recordCtctOptOuts(db: Db, optOuts: CtctOptOut[], runId: string): Promise<void> {
    if (optOuts.length === 0) return;
    await sql.affected(
      db,
      `INSERT INTO interactions (contact_id, ctct_contact_id, type, occurred_at, description, opt_out_reason, email_address, dedupe_key,
                                 source_run_id)
       SELECT c.id, o.contact_id, 'email_optout', o.opt_out_date,
              'Opted out of email in Constant Contact (source: ' || coalesce(o.opt_out_source, 'unknown') || ')',
              o.opt_out_reason, o.email_address, 'optout:' || o.contact_id || ':' || extract(epoch FROM o.opt_out_date)::bigint, $6
         FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::timestamptz[], $5::text[])
           AS o(contact_id, email_address, opt_out_source, opt_out_date, opt_out_reason)
         JOIN LATERAL (SELECT c.id FROM contacts c WHERE c.ctct_contact_id = o.contact_id AND c.deleted_at IS NULL LIMIT 1) c
           ON true
        -- The campaign opt-out report may already have recorded this opt-out.
        WHERE NOT EXISTS (SELECT 1 FROM interactions i WHERE i.ctct_contact_id = o.contact_id AND i.type = 'email_optout'
                            AND abs(extract(epoch FROM i.occurred_at - o.opt_out_date)) < 120)
       ON CONFLICT DO NOTHING`,
      [
        optOuts.map((optOut) => optOut.contact_id),
        optOuts.map((optOut) => optOut.email_address),
        optOuts.map((optOut) => optOut.opt_out_source),
        optOuts.map((optOut) => optOut.opt_out_date),
        optOuts.map((optOut) => optOut.opt_out_reason),
        runId,
      ],
    );
  }

  /**
   * Engagement imported before a CRM contact was linked (kept against the CC contact id only) now shows on it.
   * Takes the links just made; one statement for any number of them.
   */
  async attachEarlierEngagement(db: Db, links: ReadonlyArray<{ crmId: string; ctctId: string }>): Promise<number> {
    if (links.length === 0) return 0;
    return sql.affected(
      db,
      `UPDATE interactions i SET contact_id = v.crm_id
         FROM unnest($1::uuid[], $2::uuid[]) AS v(crm_id, ctct_id)
        WHERE i.contact_id IS NULL AND i.ctct_contact_id = v.ctct_id`,
      [links.map((link) => link.crmId), links.map((link) => link.ctctId)],
    );
  }
}
