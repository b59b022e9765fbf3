import { Injectable } from '@nestjs/common';
import type { ContactCtctStatusDto, EngagementSummaryDto, InteractionDto, Page } from '@ctct/shared-types';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/domain-errors';
import { decodeCursor, encodeCursor } from '../../common/keyset-cursor';

interface InteractionRow {
  id: string;
  type: InteractionDto['type'];
  occurred_at: Date;
  description: string;
  campaign_name: string | null;
  campaign_id: string | null;
  campaign_activity_id: string | null;
  url: string | null;
  bounce_code: string | null;
  opt_out_reason: string | null;
  sort_key: string;
}

/** A contact's Interactions (engagement imported from CC), its engagement summary and what CC says about it. */
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
    const rows: InteractionRow[] = await this.dataSource.query(
      `SELECT id::text, type, occurred_at, description, campaign_name, campaign_id, campaign_activity_id, url, bounce_code, opt_out_reason,
              occurred_at::text AS sort_key
         FROM interactions WHERE contact_id = $1${keyset} ORDER BY occurred_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    const items = rows.slice(0, options.limit);
    const last = items.at(-1);
    return {
      items: items.map((row) => ({
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
      })),
      nextCursor: rows.length > options.limit && last ? encodeCursor({ sort: 'interactions', key: last.sort_key, id: last.id }) : null,
    };
  }

  async summary(contactId: string): Promise<EngagementSummaryDto> {
    await this.assertContact(contactId);
    const [row] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE type = 'email_send')::int AS sends, count(*) FILTER (WHERE type = 'email_open')::int AS opens,
              count(*) FILTER (WHERE type = 'email_click')::int AS clicks, count(*) FILTER (WHERE type = 'email_bounce')::int AS bounces,
              count(*) FILTER (WHERE type = 'email_forward')::int AS forwards, count(*) FILTER (WHERE type = 'email_optout')::int AS optouts,
              max(occurred_at) AS last_activity_at
         FROM interactions WHERE contact_id = $1`,
      [contactId],
    );
    const { last_activity_at: lastActivityAt, ...counts } = row;
    return { ...counts, lastActivityAt: lastActivityAt ? new Date(lastActivityAt).toISOString() : null };
  }

  /** The CC side of a contact as of the last sync: permission, who opted out where and when, lists. */
  async ctctStatus(contactId: string): Promise<ContactCtctStatusDto> {
    const [row] = await this.dataSource.query(
      `SELECT c.ctct_contact_id, m.permission_to_send, m.opt_out_source, m.opt_out_date, m.opt_out_reason, m.cc_deleted_at, m.list_ids, m.synced_at
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
          ? { source: row.opt_out_source, date: row.opt_out_date ? new Date(row.opt_out_date).toISOString() : null, reason: row.opt_out_reason }
          : null,
      deletedInCtct: Boolean(row.cc_deleted_at),
      listIds: row.list_ids ?? [],
      syncedAt: row.synced_at ? new Date(row.synced_at).toISOString() : null,
    };
  }

  private async assertContact(contactId: string): Promise<void> {
    const [row] = await this.dataSource.query(`SELECT 1 FROM contacts WHERE id = $1 AND deleted_at IS NULL`, [contactId]);
    if (!row) throw new NotFoundError(`Contact ${contactId} does not exist or was deleted`);
  }
}
