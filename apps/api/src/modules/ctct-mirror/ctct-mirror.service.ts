import { Injectable } from '@nestjs/common';
import { Db, sql } from '../../common/sql';
import { emailKey, looseEmailKey } from '../contacts/email-key';
import type { CtctContact, CtctList } from '../ctct/ctct-v3.types';
import {
  CtctAddressRow,
  CtctCampaignRow,
  CtctCurrentContactRow,
  CtctListRow,
  CtctOptOutRow,
  TrackingWatermarkRow,
  MirroredListRow,
} from './ctct-mirror.rows';

/**
 * The typed repository of the CC mirror: ctct_contacts, ctct_lists, ctct_campaigns and ctct_tracking_watermarks.
 * Every write to them is one of these named methods (the syncs, pushes and the bulk run call them); each writes
 * a whole page in one statement.
 */
@Injectable()
export class CtctMirrorService {
  // ---- contacts ----

  /** What we learned of CC contacts (email, names, permission, opt-out, lists), one statement per page. */
  async upsertContacts(db: Db, contacts: CtctContact[], runId: string | null): Promise<void> {
    if (contacts.length === 0) return;
    await sql.affected(
      db,
      `INSERT INTO ctct_contacts AS m (contact_id, email_address, email_normalized, email_loose_key, permission_to_send, opt_out_source,
         opt_out_date, opt_out_reason, list_ids, cc_created_at, cc_updated_at, cc_deleted_at, last_seen_run_id, synced_at, first_name,
         last_name, names_synced_at)
       SELECT t.contact_id, t.email, t.email_key, t.loose_key, t.permission, t.opt_out_source, t.opt_out_date, t.opt_out_reason,
              CASE WHEN t.lists IS NULL THEN NULL ELSE coalesce(string_to_array(nullif(t.lists, ''), ',')::uuid[], '{}') END,
              t.created_at, t.updated_at, t.deleted_at, $12, now(), t.first_name, t.last_name, now()
         FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[], $5::timestamptz[], $6::text[], $7::text[],
                     $8::timestamptz[], $9::timestamptz[], $10::date[], $11::int[], $13::text[], $14::text[], $15::varchar[], $16::varchar[])
           AS t(contact_id, email, permission, opt_out_source, opt_out_date, opt_out_reason, lists, created_at, updated_at, deleted_at,
                ordinal, email_key, loose_key, first_name, last_name)
       ON CONFLICT (contact_id) DO UPDATE SET email_address = excluded.email_address, email_normalized = excluded.email_normalized,
         email_loose_key = excluded.email_loose_key, gone_run_id = NULL,
         first_name = excluded.first_name, last_name = excluded.last_name, names_synced_at = excluded.names_synced_at,
         permission_to_send = excluded.permission_to_send, opt_out_source = excluded.opt_out_source, opt_out_date = excluded.opt_out_date,
         opt_out_reason = excluded.opt_out_reason, list_ids = coalesce(excluded.list_ids, m.list_ids), cc_created_at = excluded.cc_created_at,
         cc_updated_at = excluded.cc_updated_at, cc_deleted_at = excluded.cc_deleted_at,
         last_seen_run_id = coalesce(excluded.last_seen_run_id, m.last_seen_run_id), synced_at = now()`,
      [
        contacts.map((contact) => contact.contact_id),
        contacts.map((contact) => contact.email_address?.address ?? null),
        contacts.map((contact) => contact.email_address?.permission_to_send ?? null),
        contacts.map((contact) => contact.email_address?.opt_out_source ?? null),
        contacts.map((contact) => contact.email_address?.opt_out_date ?? null),
        contacts.map((contact) => contact.email_address?.opt_out_reason ?? null),
        // list_memberships only when the response included them; otherwise keep what we knew.
        contacts.map((contact) => (contact.list_memberships ? contact.list_memberships.join(',') : null)),
        contacts.map((contact) => contact.created_at ?? null),
        contacts.map((contact) => contact.updated_at ?? null),
        contacts.map((contact) => contact.deleted_at ?? null),
        contacts.map((_, index) => index),
        runId,
        // The same email key as contacts.email_normalized (email-key.ts), so matching is one equality.
        contacts.map((contact) => emailKey(contact.email_address?.address)),
        contacts.map((contact) => looseEmailKey(contact.email_address?.address)),
        // Every caller passes whole contact resources (CC omits a name it does not have): absent means none.
        contacts.map((contact) => contact.first_name ?? null),
        contacts.map((contact) => contact.last_name ?? null),
      ],
    );
  }

  /**
   * After a full pass of the link job (`runId`): the CC contacts it did not see at all, not even as deleted,
   * are gone from CC (purged): marked deleted, and gone as found by this run. Returns how many.
   */
  async markUnseenContactsDeleted(db: Db, runId: string): Promise<number> {
    return sql.affected(
      db,
      `UPDATE ctct_contacts SET cc_deleted_at = now(), gone_run_id = $1, synced_at = now()
        WHERE cc_deleted_at IS NULL AND last_seen_run_id IS DISTINCT FROM $1`,
      [runId],
    );
  }

  /**
   * CC keeps one contact per address (a create with an address it holds, deleted contacts included, is a 409). So
   * when run `runId` lists a live CC contact with the very address (up to ASCII case, which CC ignores) of one the
   * mirror still holds live but the run did not list, that one is gone from CC (deleted and purged, then the
   * address created again): it is marked deleted and gone as found by this run. Needs no call: an incremental run
   * sees the new contact, never the purged one. Returns how many.
   */
  async markSupersededContactsGone(db: Db, runId: string): Promise<number> {
    return sql.affected(
      db,
      `UPDATE ctct_contacts old SET cc_deleted_at = now(), gone_run_id = $1, synced_at = now()
         FROM ctct_contacts seen
        WHERE seen.last_seen_run_id = $1 AND seen.cc_deleted_at IS NULL AND seen.email_normalized IS NOT NULL
          AND old.email_normalized = seen.email_normalized AND old.contact_id <> seen.contact_id
          AND lower(old.email_address COLLATE "C") = lower(seen.email_address COLLATE "C")
          AND old.cc_deleted_at IS NULL AND old.last_seen_run_id IS DISTINCT FROM $1`,
      [runId],
    );
  }

  /** Fresh planner statistics of the mirror, after a full pass rewrote it (ANALYZE samples 30,000 rows: ~1 s at 1,000,000). */
  async refreshStatistics(db: Db): Promise<void> {
    await sql.affected(db, `ANALYZE ctct_contacts`);
  }

  /** CC answers 404 for this contact (a push asked for it): it is gone from CC. */
  async markContactGone(db: Db, ctctId: string): Promise<void> {
    await sql.affected(
      db,
      `UPDATE ctct_contacts SET cc_deleted_at = coalesce(cc_deleted_at, now()), synced_at = now() WHERE contact_id = $1`,
      [ctctId],
    );
  }

  /** The live CC contacts whose address has this loose key (email-key.ts): more than one, or another key, is ambiguous. */
  async liveByLooseKey(db: Db, looseKey: string): Promise<CtctAddressRow[]> {
    return sql.rows<CtctAddressRow>(
      db,
      `SELECT contact_id, email_address, email_normalized FROM ctct_contacts
        WHERE email_loose_key = $1 AND cc_deleted_at IS NULL ORDER BY contact_id LIMIT 10`,
      [looseKey],
    );
  }

  /** Of these CC contacts, the ones CC reports unsubscribed (with an opt-out date). */
  async optedOutAmong(db: Db, ctctIds: string[]): Promise<CtctOptOutRow[]> {
    if (ctctIds.length === 0) return [];
    return sql.rows<CtctOptOutRow>(
      db,
      `SELECT contact_id, email_address, opt_out_source, opt_out_date, opt_out_reason FROM ctct_contacts
        WHERE contact_id = ANY($1::uuid[]) AND permission_to_send = 'unsubscribed' AND opt_out_date IS NOT NULL`,
      [ctctIds],
    );
  }

  /**
   * The CC contact that stands for a CRM contact now: the linked one while it is live in CC; else a live one with
   * the CRM contact's email key (CC re-created the person under a new id, or the contact is not linked yet);
   * else the linked one, deleted. Consent follows this contact, whatever id the link still holds.
   */
  async currentFor(db: Db, crm: { ctctId: string | null; email: string | null }): Promise<CtctCurrentContactRow | undefined> {
    return sql.one<CtctCurrentContactRow>(
      db,
      `SELECT contact_id, permission_to_send, opt_out_source, opt_out_date, list_ids, cc_deleted_at, cc_updated_at FROM ctct_contacts
        WHERE contact_id = $1::uuid OR (email_normalized = $2 AND cc_deleted_at IS NULL)
        ORDER BY (cc_deleted_at IS NULL) DESC, (contact_id = $1::uuid) IS TRUE DESC, cc_updated_at DESC NULLS LAST
        LIMIT 1`,
      [crm.ctctId, emailKey(crm.email)],
    );
  }

  /** CC answered 404 for these contacts: gone (deleted and purged), so mark them deleted. */
  async markContactsGone(db: Db, ctctIds: string[]): Promise<void> {
    if (ctctIds.length === 0) return;
    await sql.affected(
      db,
      `UPDATE ctct_contacts SET cc_deleted_at = coalesce(cc_deleted_at, now()), synced_at = now() WHERE contact_id = ANY($1::uuid[])`,
      [ctctIds],
    );
  }

  /** When the mirror last learned anything about CC contacts (null: never synced). */
  async contactsSyncedAt(db: Db): Promise<Date | null> {
    return (await sql.one<{ synced_at: Date | null }>(db, `SELECT max(synced_at) AS synced_at FROM ctct_contacts`))?.synced_at ?? null;
  }

  /** CC now has these contacts on the list. */
  async addListMembership(db: Db, ctctIds: string[], listId: string): Promise<void> {
    if (ctctIds.length === 0) return;
    await sql.affected(
      db,
      `UPDATE ctct_contacts SET list_ids = array_append(list_ids, $2::uuid)
        WHERE contact_id = ANY($1::uuid[]) AND NOT ($2::uuid = ANY(list_ids))`,
      [ctctIds, listId],
    );
  }

  async removeListMembership(db: Db, ctctId: string, listId: string): Promise<void> {
    await sql.affected(db, `UPDATE ctct_contacts SET list_ids = array_remove(list_ids, $2::uuid) WHERE contact_id = $1`, [ctctId, listId]);
  }

  // ---- lists ----

  /** One page of CC's lists, seen by run `runId`. Tells, per list, whether it is new or changed. */
  async upsertLists(db: Db, lists: CtctList[], runId: string): Promise<Array<{ inserted: boolean; changed: boolean }>> {
    if (lists.length === 0) return [];
    return sql.rows(
      db,
      `WITH incoming AS (
         SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::text[], $4::boolean[], $5::int[], $6::timestamptz[], $7::timestamptz[], $8::timestamptz[])
           AS t(list_id, name, description, favorite, membership_count, cc_created_at, cc_updated_at, cc_deleted_at)
       ), previous AS (
         SELECT l.* FROM ctct_lists l JOIN incoming USING (list_id)
       )
       INSERT INTO ctct_lists AS l (list_id, name, description, favorite, membership_count, cc_created_at, cc_updated_at, deleted_in_ctct_at, last_seen_run_id, synced_at)
       SELECT list_id, name, description, favorite, membership_count, cc_created_at, cc_updated_at, cc_deleted_at, $9, now() FROM incoming
       ON CONFLICT (list_id) DO UPDATE SET name = excluded.name, description = excluded.description, favorite = excluded.favorite,
         membership_count = excluded.membership_count, cc_created_at = excluded.cc_created_at, cc_updated_at = excluded.cc_updated_at,
         deleted_in_ctct_at = CASE WHEN excluded.deleted_in_ctct_at IS NULL THEN NULL ELSE coalesce(l.deleted_in_ctct_at, excluded.deleted_in_ctct_at) END,
         last_seen_run_id = excluded.last_seen_run_id, synced_at = now()
       RETURNING (xmax = 0) AS inserted,
         (SELECT p.name IS DISTINCT FROM l.name OR p.description IS DISTINCT FROM l.description OR p.membership_count IS DISTINCT FROM l.membership_count
                 OR (p.deleted_in_ctct_at IS NULL) <> (l.deleted_in_ctct_at IS NULL)
            FROM previous p WHERE p.list_id = l.list_id) AS changed`,
      [
        lists.map((list) => list.list_id),
        lists.map((list) => list.name),
        lists.map((list) => list.description ?? null),
        lists.map((list) => list.favorite ?? false),
        lists.map((list) => list.membership_count ?? null),
        lists.map((list) => list.created_at ?? null),
        lists.map((list) => list.updated_at ?? null),
        lists.map((list) => list.deleted_at ?? null),
        runId,
      ],
    );
  }

  /** After a full listing by run `runId`: lists it did not see are gone from CC, marked deleted (never dropped). */
  async markUnseenListsDeleted(db: Db, runId: string): Promise<number> {
    return sql.affected(
      db,
      `UPDATE ctct_lists SET deleted_in_ctct_at = now(), synced_at = now()
        WHERE deleted_in_ctct_at IS NULL AND last_seen_run_id IS DISTINCT FROM $1`,
      [runId],
    );
  }

  /** A list we just created in CC (or found there), known before the next lists sync. */
  async recordCreatedList(db: Db, listId: string, name: string): Promise<void> {
    await sql.affected(db, `INSERT INTO ctct_lists (list_id, name) VALUES ($1, $2) ON CONFLICT (list_id) DO NOTHING`, [listId, name]);
  }

  /** The mirrored lists by name, for the admin (deleted ones only when asked). */
  async lists(db: Db, includeDeleted: boolean): Promise<MirroredListRow[]> {
    return sql.rows<MirroredListRow>(
      db,
      `SELECT list_id, name, description, membership_count, deleted_in_ctct_at, cc_updated_at FROM ctct_lists
        ${includeDeleted ? '' : 'WHERE deleted_in_ctct_at IS NULL'} ORDER BY lower(name), list_id`,
    );
  }

  async liveList(db: Db, listId: string): Promise<CtctListRow | undefined> {
    return sql.one<CtctListRow>(db, `SELECT list_id, name FROM ctct_lists WHERE list_id = $1 AND deleted_in_ctct_at IS NULL`, [listId]);
  }

  /** A live list with this name, case-insensitively. */
  async liveListNamed(db: Db, name: string): Promise<CtctListRow | undefined> {
    return sql.one<CtctListRow>(
      db,
      `SELECT list_id, name FROM ctct_lists WHERE lower(name) = lower($1) AND deleted_in_ctct_at IS NULL LIMIT 1`,
      [name],
    );
  }

  // ---- campaigns and tracking watermarks ----

  /** The campaigns already described (name and primary activity known), by id. */
  async knownCampaigns(db: Db, campaignIds: string[]): Promise<CtctCampaignRow[]> {
    return sql.rows<CtctCampaignRow>(
      db,
      `SELECT campaign_id, name, primary_activity_id, tracked FROM ctct_campaigns WHERE campaign_id = ANY($1::uuid[]) AND name IS NOT NULL`,
      [campaignIds],
    );
  }

  /** A campaign as GET /emails/{id} described it. */
  async recordCampaign(
    db: Db,
    campaign: { campaignId: string; name: string; type: string | null; activityId: string | null; tracked: boolean },
  ): Promise<void> {
    await sql.affected(
      db,
      `INSERT INTO ctct_campaigns (campaign_id, name, campaign_type, primary_activity_id, tracked) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (campaign_id) DO UPDATE SET name = excluded.name, campaign_type = excluded.campaign_type,
         primary_activity_id = excluded.primary_activity_id, tracked = excluded.tracked, updated_at = now()`,
      [campaign.campaignId, campaign.name, campaign.type, campaign.activityId, campaign.tracked],
    );
  }

  /** CC's latest summary of a campaign: unique counts, last send, kind. */
  async recordCampaignSummary(
    db: Db,
    summary: { campaignId: string; uniqueCounts: Record<string, number>; lastSentDate: string | null; type: string | null },
  ): Promise<void> {
    await sql.affected(
      db,
      `UPDATE ctct_campaigns SET unique_counts = $2, last_sent_date = $3, campaign_type = coalesce($4, campaign_type), updated_at = now()
        WHERE campaign_id = $1`,
      [summary.campaignId, JSON.stringify(summary.uniqueCounts), summary.lastSentDate, summary.type],
    );
  }

  /** CC's tracking reports do not cover this campaign. */
  async markCampaignUntracked(db: Db, campaignId: string): Promise<void> {
    await sql.affected(db, `UPDATE ctct_campaigns SET tracked = false WHERE campaign_id = $1`, [campaignId]);
  }

  async watermarks(db: Db): Promise<TrackingWatermarkRow[]> {
    return sql.rows<TrackingWatermarkRow>(db, `SELECT campaign_activity_id, kind, imported_unique_count FROM ctct_tracking_watermarks`);
  }

  /** The newest event already imported for this (campaign activity, tracking kind), or null. */
  async newestImportedEvent(db: Db, activityId: string, kind: string): Promise<Date | null> {
    const row = await sql.one<{ newest_event_at: Date | null }>(
      db,
      `SELECT newest_event_at FROM ctct_tracking_watermarks WHERE campaign_activity_id = $1 AND kind = $2`,
      [activityId, kind],
    );
    return row?.newest_event_at ?? null;
  }

  /** A (campaign activity, kind) was imported up to `newest`, CC's unique count then being `uniqueCount`. */
  async recordWatermark(db: Db, activityId: string, kind: string, newest: string | null, uniqueCount: number): Promise<void> {
    await sql.affected(
      db,
      `INSERT INTO ctct_tracking_watermarks (campaign_activity_id, kind, newest_event_at, imported_unique_count) VALUES ($1, $2, $3, $4)
       ON CONFLICT (campaign_activity_id, kind) DO UPDATE SET
         newest_event_at = greatest(ctct_tracking_watermarks.newest_event_at, excluded.newest_event_at),
         imported_unique_count = excluded.imported_unique_count, updated_at = now()`,
      [activityId, kind, newest, uniqueCount],
    );
  }
}
