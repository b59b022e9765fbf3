import { Injectable } from '@nestjs/common';
import type { AlertKind, Page } from '@ctct/shared-types';
import { DataSource } from 'typeorm';
import { decodeCursor, keysetPage } from '../../common/keyset-page';
import { sql } from '../../common/sql';
import { AlertCause, AlertRow, toAlertDto } from './alert.row';
import type { AlertDto } from '@ctct/shared-types';

/** The `alerts` table and its only writer: raise (once per open cause), resolve, read, and the e-mail claim. */
@Injectable()
export class AlertsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Raises the cause's alert unless one is open (then only its words are refreshed). Returns the row when it is new. */
  async raise(cause: AlertCause): Promise<AlertRow | null> {
    const row = await sql.one<AlertRow & { inserted: boolean }>(
      this.dataSource,
      `INSERT INTO alerts (kind, cause_key, severity, title, message, link) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (cause_key) WHERE resolved_at IS NULL
       DO UPDATE SET title = excluded.title, message = excluded.message, link = excluded.link, updated_at = now()
       RETURNING *, (xmax = 0) AS inserted`,
      [cause.kind, cause.key, cause.severity, cause.title, cause.message, cause.link],
    );
    return row?.inserted ? row : null;
  }

  /** Resolves the open alerts of `kind` whose cause is no longer among `present` (the cause is gone). */
  async resolveAllBut(kind: AlertKind, present: string[]): Promise<number> {
    return sql.affected(
      this.dataSource,
      `UPDATE alerts SET resolved_at = now(), updated_at = now()
        WHERE kind = $1 AND resolved_at IS NULL AND NOT (cause_key = ANY($2::varchar[]))`,
      [kind, present],
    );
  }

  async list(filter: { open?: boolean; cursor?: string; limit: number }): Promise<Page<AlertDto>> {
    const params: unknown[] = [];
    const where = ['true'];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (filter.open) where.push('resolved_at IS NULL');
    if (filter.cursor) {
      const position = decodeCursor(filter.cursor, 'alerts');
      where.push(`(raised_at, id) < (${param(position.key)}::timestamptz, ${param(position.id)}::uuid)`);
    }
    const rows = await sql.rows<AlertRow>(
      this.dataSource,
      `SELECT *, raised_at::text AS sort_key FROM alerts WHERE ${where.join(' AND ')}
        ORDER BY raised_at DESC, id DESC LIMIT ${param(filter.limit + 1)}`,
      params,
    );
    return keysetPage(rows, filter.limit, (row) => ({ sort: 'alerts', key: row.sort_key!, id: row.id }), toAlertDto);
  }

  /** Open alerts nobody has read: the bell's number. */
  async unreadCount(): Promise<number> {
    const row = await sql.one<{ count: number }>(
      this.dataSource,
      `SELECT count(*)::int AS count FROM alerts WHERE resolved_at IS NULL AND read_at IS NULL`,
    );
    return row?.count ?? 0;
  }

  async markRead(id: string, userId: string | null): Promise<AlertRow | null> {
    const row = await sql.one<AlertRow>(
      this.dataSource,
      `UPDATE alerts SET read_at = coalesce(read_at, now()), read_by = coalesce(read_by, $2) WHERE id = $1 RETURNING *`,
      [id, userId],
    );
    return row ?? null;
  }

  async markAllRead(userId: string | null): Promise<number> {
    return sql.affected(this.dataSource, `UPDATE alerts SET read_at = now(), read_by = $1 WHERE read_at IS NULL`, [userId]);
  }

  /**
   * Claims open alerts not yet mailed (SKIP LOCKED: replicas claiming together get different ones), marking them
   * mailed before the mail goes: admins get at most one mail per alert. A failed send gives the claim back.
   */
  async claimUnmailed(limit = 20): Promise<AlertRow[]> {
    return sql.rows<AlertRow>(
      this.dataSource,
      `UPDATE alerts SET emailed_at = now() WHERE id IN (
         SELECT id FROM alerts WHERE emailed_at IS NULL AND resolved_at IS NULL ORDER BY raised_at FOR UPDATE SKIP LOCKED LIMIT $1)
       RETURNING *`,
      [limit],
    );
  }

  async releaseMailClaim(id: string, error: string): Promise<void> {
    await sql.affected(this.dataSource, `UPDATE alerts SET emailed_at = NULL, email_error = $2 WHERE id = $1`, [id, error]);
  }
}
