import { Injectable } from '@nestjs/common';
import type { ContactCtctStatusDto, EngagementSummaryDto, InteractionDto, Page } from '@ctct/shared-types';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/domain-errors';
import { decodeCursor, keysetPage } from '../../common/keyset-page';
import { sql } from '../../common/sql';
import { EngagementSummaryRow, InteractionRow } from './interaction.row';

interface CtctStatusRow {
  ctct_contact_id: string | null;
  permission_to_send: string | null;
  opt_out_source: string | null;
  opt_out_date: Date | null;
  opt_out_reason: string | null;
  cc_deleted_at: Date | null;
  email_address: string | null;
  email_differs: boolean;
  list_ids: string[] | null;
  synced_at: Date | null;
}

/**
 * A contact's Interactions (engagement imported from CC), its engagement summary and what CC says about it.
 * Reads the contacts row directly rather than through the contacts module: contacts depends on this module
 * (linking re-attaches engagement), so importing it back would make a cycle.
 */
@Injectable()
export class InteractionsService {
  constructor(private readonly dataSource: DataSource) {}

  async forContact(contactId: string, options: { cursor?: string; limit: number }): Promise<Page<InteractionDto>> {
    await this.assertContact(contactId);
    const params: unknown[] = [contactId];
    let keyset = '';
    if (options.cursor) {
      const position = decodeCursor(options.cursor, 'interactions', { key: 'timestamp', id: 'bigint' });
      params.push(position.key, position.id);
      keyset = ` AND (occurred_at, id) < ($2::timestamptz, $3::bigint)`;
    }
    params.push(options.limit + 1);
    const rows = await sql.rows<InteractionRow>(
      this.dataSource,
      `SELECT id::text, type, occurred_at, description, campaign_name, campaign_id, campaign_activity_id, url, bounce_code, opt_out_reason,
              occurred_at::text AS sort_key
         FROM interactions WHERE contact_id = $1${keyset} ORDER BY occurred_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    return keysetPage(
      rows,
      options.limit,
      (row) => ({ sort: 'interactions', key: row.sort_key, id: row.id }),
      (row) => ({
        id: row.id,
        type: row.type,
        occurredAt: new Date(row.occurred_at).toISOString(),
        description: row.description,
        campaignName: row.campaign_name,
        campaignId: row.campaign_id,
        campaignActivityId: row.campaign_activity_id,
        url: row.url,
        bounceCode: row.bounce_code,
        optOutReason: row.opt_out_reason,
      }),
    );
  }

  async summary(contactId: string): Promise<EngagementSummaryDto> {
    await this.assertContact(contactId);
    const row = await sql.one<EngagementSummaryRow>(
      this.dataSource,
      `SELECT count(*) FILTER (WHERE type = 'email_send')::int AS sends, count(*) FILTER (WHERE type = 'email_open')::int AS opens,
              count(*) FILTER (WHERE type = 'email_click')::int AS clicks, count(*) FILTER (WHERE type = 'email_bounce')::int AS bounces,
              count(*) FILTER (WHERE type = 'email_forward')::int AS forwards, count(*) FILTER (WHERE type = 'email_optout')::int AS optouts,
              max(occurred_at) AS last_activity_at
         FROM interactions WHERE contact_id = $1`,
      [contactId],
    );
    const { last_activity_at: lastActivityAt, ...counts } = row!;
    return { ...counts, lastActivityAt: lastActivityAt ? new Date(lastActivityAt).toISOString() : null };
  }

  /**
   * The CC side of a contact as of the last sync: permission, who opted out where and when, lists, and the CC
   * contact's address — which may differ from the CRM's when it was changed in CC (the link stays: CC's id is the key).
   */
  async ctctStatus(contactId: string): Promise<ContactCtctStatusDto> {
    const row = await sql.one<CtctStatusRow>(
      this.dataSource,
      // Both sides hold the email key (contacts/email-key.ts): a different key is a different address, not a spelling.
      `SELECT c.ctct_contact_id, m.permission_to_send, m.opt_out_source, m.opt_out_date, m.opt_out_reason, m.cc_deleted_at, m.list_ids,
              m.synced_at, m.email_address,
              m.contact_id IS NOT NULL AND m.email_normalized IS DISTINCT FROM c.email_normalized AS email_differs
         FROM contacts c LEFT JOIN ctct_contacts m ON m.contact_id = c.ctct_contact_id
        WHERE c.id = $1 AND c.deleted_at IS NULL`,
      [contactId],
    );
    if (!row) throw new NotFoundError(`Contact ${contactId} does not exist or was deleted`);
    return {
      ctctContactId: row.ctct_contact_id,
      linked: Boolean(row.ctct_contact_id),
      permissionToSend: row.permission_to_send ?? null,
      optOut:
        row.permission_to_send === 'unsubscribed'
          ? {
              source: row.opt_out_source,
              date: row.opt_out_date ? new Date(row.opt_out_date).toISOString() : null,
              reason: row.opt_out_reason,
            }
          : null,
      deletedInCtct: Boolean(row.cc_deleted_at),
      ctctEmail: row.email_address ?? null,
      emailDiffers: row.email_differs,
      listIds: row.list_ids ?? [],
      syncedAt: row.synced_at ? new Date(row.synced_at).toISOString() : null,
    };
  }

  private async assertContact(contactId: string): Promise<void> {
    const row = await sql.one(this.dataSource, `SELECT 1 FROM contacts WHERE id = $1 AND deleted_at IS NULL`, [contactId]);
    if (!row) throw new NotFoundError(`Contact ${contactId} does not exist or was deleted`);
  }
}
