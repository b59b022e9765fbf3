import { Injectable } from '@nestjs/common';
import type { PushDto, PushKind } from '@ctct/shared-types';
import { DataSource } from 'typeorm';
import { Db, sql } from '../../common/sql';

export interface OutboxRow {
  id: string;
  kind: PushKind;
  contact_id: string | null;
  payload: Record<string, unknown>;
  status: PushDto['status'];
  attempts: number;
  last_error: string | null;
  outcome: string | null;
  created_by: string | null;
  created_at: Date;
  delivered_at: Date | null;
}

/**
 * The ctct_outbox table and its only writer. A push's life is these named state changes: enqueued (inside the
 * CRM change's transaction), superseded, claimed, delivered or failed (to retry, or for good).
 */
@Injectable()
export class OutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Adds a push in the caller's transaction. `supersedes` names earlier undelivered pushes of the same contact
   * that this one makes pointless (e.g. a new Do Not Email state replaces the previous one).
   */
  async enqueue(
    db: Db,
    push: { kind: PushKind; contactId: string; payload: Record<string, unknown>; createdBy: string | null; supersedes?: PushKind },
  ): Promise<string> {
    if (push.supersedes) {
      await sql.affected(
        db,
        `UPDATE ctct_outbox SET status = 'superseded', outcome = 'replaced by a newer change', locked_by = NULL
          WHERE contact_id = $1 AND kind = $2 AND status = 'pending'`,
        [push.contactId, push.supersedes],
      );
    }
    const row = await sql.one<{ id: string }>(
      db,
      `INSERT INTO ctct_outbox (kind, contact_id, payload, created_by) VALUES ($1, $2, $3, $4) RETURNING id::text`,
      [push.kind, push.contactId, JSON.stringify(push.payload), push.createdBy],
    );
    await sql.one(db, `SELECT pg_notify('ctct_outbox', $1)`, [row!.id]);
    return row!.id;
  }

  /** Do Not Email was turned off again before delivery: the contact's pending opt-out must not go out. */
  async supersedePendingOptOut(db: Db, contactId: string): Promise<void> {
    await sql.affected(
      db,
      `UPDATE ctct_outbox SET status = 'superseded', outcome = 'Do Not Email turned off before delivery'
        WHERE contact_id = $1 AND kind = 'opt_out' AND status = 'pending'`,
      [contactId],
    );
  }

  /** Claims up to `limit` due pushes for this worker (a lease: an abandoned claim is taken again after it lapses). */
  async claimDue(owner: string, limit: number, leaseSeconds: number): Promise<OutboxRow[]> {
    return sql.rows<OutboxRow>(
      this.dataSource,
      `UPDATE ctct_outbox SET status = 'delivering', locked_by = $1, locked_until = now() + make_interval(secs => $3), attempts = attempts + 1
        WHERE id IN (
          SELECT id FROM ctct_outbox
           WHERE (status = 'pending' AND next_attempt_at <= now()) OR (status = 'delivering' AND locked_until < now())
           ORDER BY id FOR UPDATE SKIP LOCKED LIMIT $2)
        RETURNING id::text, kind, contact_id, payload, status, attempts, last_error, outcome, created_by, created_at, delivered_at`,
      [owner, limit, leaseSeconds],
    );
  }

  async markDelivered(id: string, owner: string, outcome: string): Promise<void> {
    await sql.affected(
      this.dataSource,
      `UPDATE ctct_outbox SET status = 'delivered', outcome = $3, last_error = NULL, delivered_at = now(), locked_by = NULL, locked_until = NULL
        WHERE id = $1 AND locked_by = $2`,
      [id, owner, outcome],
    );
  }

  /** Delivery failed: try again later (`retryAt`), or give up for good (`retryAt` null) with the reason shown on the record. */
  async markFailed(id: string, owner: string, error: string, retryAt: Date | null): Promise<void> {
    await sql.affected(
      this.dataSource,
      `UPDATE ctct_outbox SET status = CASE WHEN $4::timestamptz IS NULL THEN 'failed' ELSE 'pending' END, last_error = $3,
              next_attempt_at = coalesce($4::timestamptz, next_attempt_at), locked_by = NULL, locked_until = NULL
        WHERE id = $1 AND locked_by = $2`,
      [id, owner, error, retryAt],
    );
  }

  async forContact(contactId: string, limit = 20): Promise<PushDto[]> {
    const rows = await sql.rows<Omit<OutboxRow, 'contact_id' | 'payload' | 'created_by'>>(
      this.dataSource,
      `SELECT id::text, kind, status, attempts, last_error, outcome, created_at, delivered_at FROM ctct_outbox
        WHERE contact_id = $1 ORDER BY id DESC LIMIT $2`,
      [contactId, limit],
    );
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      status: row.status,
      outcome: row.outcome,
      lastError: row.last_error,
      attempts: row.attempts,
      createdAt: new Date(row.created_at).toISOString(),
      deliveredAt: row.delivered_at ? new Date(row.delivered_at).toISOString() : null,
    }));
  }

  /** Opt-outs not yet in CC after `minutes` (alerts): how many, and since when the oldest waits. */
  async optOutsWaitingLongerThan(minutes: number): Promise<{ count: number; oldest: Date | null }> {
    const row = await sql.one<{ count: number; oldest: Date | null }>(
      this.dataSource,
      `SELECT count(*)::int AS count, min(created_at) AS oldest FROM ctct_outbox
        WHERE kind = 'opt_out' AND status IN ('pending', 'delivering') AND created_at < now() - make_interval(mins => $1)`,
      [minutes],
    );
    return { count: row?.count ?? 0, oldest: row?.oldest ? new Date(row.oldest) : null };
  }
}
