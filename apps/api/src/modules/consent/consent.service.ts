import { Injectable } from '@nestjs/common';
import type { ConsentEventDto, ConsentEventQuery, ConsentServiceLevelDto, ConsentServiceStatus, Page } from '@ctct/shared-types';
import { DataSource } from 'typeorm';
import { NotFoundError, ValidationFailedError } from '../../common/domain-errors';
import { decodeCursor, everyPage, keysetPage } from '../../common/keyset-page';
import { sql } from '../../common/sql';
import { CONSENT_EVENT_COLUMNS, ConsentEventRow, ctctReportedUnsubscribed, toConsentEventDto } from './consent-event.row';

/** Our aim for an opt-out to reach CC (CAN-SPAM's limit is 10 business days; we aim for minutes). */
export const OPT_OUT_TARGET_SECONDS = 15 * 60;
export const CAN_SPAM_BUSINESS_DAYS = 10;
const RECENT_DAYS = 7;

type Order = 'newest' | 'oldest';

interface ServiceLevelRow {
  queued: number;
  failed: number;
  unpushed: number;
  oldest: Date | null;
  now: Date;
}

interface RecentRow {
  delivered: number;
  p50: number | null;
  p95: number | null;
  max: number | null;
}

/**
 * Reads the consent ledger: a contact's timeline, the export by date range, and the opt-out service level (a read
 * across contacts, the CC mirror and the outbox: which Do Not Email contacts CC does not show unsubscribed yet).
 */
@Injectable()
export class ConsentService {
  constructor(private readonly dataSource: DataSource) {}

  async timeline(contactId: string, query: { cursor?: string; limit?: number }): Promise<Page<ConsentEventDto>> {
    const contact = await sql.one(this.dataSource, `SELECT 1 FROM contacts WHERE id = $1 AND deleted_at IS NULL`, [contactId]);
    if (!contact) throw new NotFoundError(`Contact ${contactId} does not exist or was deleted`);
    return this.page({ contactId, cursor: query.cursor, limit: query.limit }, 'newest');
  }

  /** Events by range and/or contact, oldest first. */
  list(query: ConsentEventQuery): Promise<Page<ConsentEventDto>> {
    if (query.from && query.to && Date.parse(query.from) >= Date.parse(query.to)) {
      throw new ValidationFailedError([{ field: 'to', message: 'must be after from' }]);
    }
    return this.page(query, 'oldest');
  }

  /** Every matching event, oldest first, for the CSV export (up to maxRows). */
  stream(query: ConsentEventQuery, maxRows: number): AsyncGenerator<ConsentEventDto[]> {
    return everyPage((cursor, limit) => this.list({ ...query, cursor, limit }), { batch: 2_000, maxRows });
  }

  async serviceLevel(): Promise<ConsentServiceLevelDto> {
    const level = (await sql.one<ServiceLevelRow>(
      this.dataSource,
      `WITH dne AS (
         SELECT c.id, c.updated_at, m.contact_id AS m_id, m.permission_to_send, m.cc_deleted_at,
                p.status AS push_status, p.created_at AS push_at,
                ${ctctReportedUnsubscribed('c', 'm')} AS ctct_reported
           FROM contacts c
           LEFT JOIN ctct_contacts m ON m.contact_id = c.ctct_contact_id
           LEFT JOIN LATERAL (SELECT o.status, o.created_at FROM ctct_outbox o
                               WHERE o.contact_id = c.id AND o.kind = 'opt_out' AND o.status <> 'superseded'
                               ORDER BY o.id DESC LIMIT 1) p ON true
          WHERE c.do_not_email AND c.deleted_at IS NULL
       ), states AS (
         SELECT CASE
                  WHEN push_status IN ('pending', 'delivering') THEN 'queued'
                  -- Reflected: CC has them unsubscribed, or deleted (no email goes out), or reported the unsubscribe itself.
                  WHEN m_id IS NOT NULL AND (cc_deleted_at IS NOT NULL OR permission_to_send = 'unsubscribed' OR ctct_reported) THEN NULL
                  WHEN push_status = 'failed' THEN 'failed'
                  WHEN m_id IS NOT NULL THEN 'unpushed'
                END AS state,
                coalesce(push_at, updated_at) AS since
           FROM dne
       )
       SELECT count(*) FILTER (WHERE state = 'queued')::int AS queued, count(*) FILTER (WHERE state = 'failed')::int AS failed,
              count(*) FILTER (WHERE state = 'unpushed')::int AS unpushed, min(since) FILTER (WHERE state IS NOT NULL) AS oldest,
              now() AS now
         FROM states`,
    ))!;
    const recent = (await sql.one<RecentRow>(
      this.dataSource,
      `SELECT count(*)::int AS delivered, percentile_cont(0.5) WITHIN GROUP (ORDER BY s) AS p50,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY s) AS p95, max(s) AS max
         FROM (SELECT extract(epoch FROM e.occurred_at - o.created_at)::float8 AS s
                 FROM consent_events e JOIN ctct_outbox o ON o.id = e.outbox_id
                WHERE e.kind = 'opt_out_delivered' AND e.occurred_at >= now() - make_interval(days => $1)) t`,
      [RECENT_DAYS],
    ))!;
    const now = new Date(level.now);
    const oldest = level.oldest ? new Date(level.oldest) : null;
    const ageSeconds = oldest ? Math.max(0, Math.round((now.getTime() - oldest.getTime()) / 1000)) : null;
    const businessDays = oldest ? businessDaysBetween(oldest, now) : null;
    const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
    return {
      notReflected: level.queued + level.failed + level.unpushed,
      queued: level.queued,
      failed: level.failed,
      unpushed: level.unpushed,
      oldestSince: oldest?.toISOString() ?? null,
      oldestAgeSeconds: ageSeconds,
      oldestBusinessDays: businessDays,
      recent: {
        days: RECENT_DAYS,
        delivered: recent.delivered,
        p50Seconds: round(recent.p50),
        p95Seconds: round(recent.p95),
        maxSeconds: round(recent.max),
      },
      targetSeconds: OPT_OUT_TARGET_SECONDS,
      legalLimitBusinessDays: CAN_SPAM_BUSINESS_DAYS,
      status: serviceStatus(ageSeconds, businessDays),
      measuredAt: now.toISOString(),
    };
  }

  private async page(query: ConsentEventQuery, order: Order): Promise<Page<ConsentEventDto>> {
    const limit = query.limit ?? 50;
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where: string[] = [];
    if (query.contactId) where.push(`contact_id = ${param(query.contactId)}::uuid`);
    if (query.from) where.push(`occurred_at >= ${param(query.from)}::timestamptz`);
    if (query.to) where.push(`occurred_at < ${param(query.to)}::timestamptz`);
    if (query.cursor) {
      const position = decodeCursor(query.cursor, order, { key: 'timestamp', id: 'bigint' });
      const after = order === 'newest' ? '<' : '>';
      where.push(`(occurred_at, id) ${after} (${param(position.key)}::timestamptz, ${param(position.id)}::bigint)`);
    }
    const direction = order === 'newest' ? 'DESC' : 'ASC';
    const rows = await sql.rows<ConsentEventRow>(
      this.dataSource,
      `SELECT ${CONSENT_EVENT_COLUMNS}, occurred_at::text AS sort_key FROM consent_events
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY occurred_at ${direction}, id ${direction} LIMIT ${param(limit + 1)}`,
      params,
    );
    return keysetPage(rows, limit, (row) => ({ sort: order, key: row.sort_key!, id: row.id }), toConsentEventDto);
  }
}

/** Whole business days (Monday to Friday, UTC) from `from` to `to`: what CAN-SPAM's 10 days count. */
export function businessDaysBetween(from: Date, to: Date): number {
  let days = 0;
  const day = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  const end = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), to.getUTCDate()));
  while (day < end) {
    day.setUTCDate(day.getUTCDate() + 1);
    const weekday = day.getUTCDay();
    if (weekday !== 0 && weekday !== 6) days++;
  }
  return days;
}

export function serviceStatus(ageSeconds: number | null, businessDays: number | null): ConsentServiceStatus {
  if (ageSeconds === null || businessDays === null) return 'ok';
  if (businessDays >= CAN_SPAM_BUSINESS_DAYS) return 'overdue';
  if (businessDays >= CAN_SPAM_BUSINESS_DAYS / 2) return 'at_risk';
  return ageSeconds > OPT_OUT_TARGET_SECONDS ? 'late' : 'ok';
}
