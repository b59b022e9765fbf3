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

/** What a delivery saw: the CRM contact's updated_at it pushed, CC's updated_at of the contact after it (CC's clock). */
export interface DeliverySeen {
  crmUpdatedAt?: Date | string | null;
  ctctUpdatedAt?: Date | string | null;
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

  /**
   * A field push (the CRM's email and names → CC), coalesced: the row carries only the contact, delivery reads the
   * CRM's values then, so one pending push per contact stands for every edit made before it is delivered. It
   * waits `delayMs` so that quick edits land in it. Returns the new push's id, or null when one was pending.
   */
  async enqueueFieldPush(
    db: Db,
    push: { contactId: string; createdBy: string | null; delayMs: number; reason: string },
  ): Promise<string | null> {
    const row = await sql.one<{ id: string }>(
      db,
      `INSERT INTO ctct_outbox (kind, contact_id, payload, created_by, next_attempt_at)
       SELECT 'update', $1::uuid, $2::jsonb, $3::uuid, now() + make_interval(secs => $4::float8 / 1000)
        WHERE NOT EXISTS (SELECT 1 FROM ctct_outbox WHERE contact_id = $1::uuid AND kind = 'update' AND status = 'pending')
       RETURNING id::text`,
      [push.contactId, JSON.stringify({ reason: push.reason }), push.createdBy, push.delayMs],
    );
    if (row) await sql.one(db, `SELECT pg_notify('ctct_outbox', $1)`, [row.id]);
    return row?.id ?? null;
  }

  /**
   * Pushes convergence found missing, one statement for many contacts: skips a contact that already has one of
   * this kind on its way (pending, or for an opt-out also being delivered). Returns the contacts queued.
   */
  async enqueueMany(db: Db, kind: 'opt_out' | 'update', contactIds: string[], payload: Record<string, unknown>): Promise<string[]> {
    if (contactIds.length === 0) return [];
    const rows = await sql.rows<{ contact_id: string }>(
      db,
      `INSERT INTO ctct_outbox (kind, contact_id, payload)
       SELECT $1::varchar, c.id, $3::jsonb FROM unnest($2::uuid[]) AS c(id)
        WHERE NOT EXISTS (SELECT 1 FROM ctct_outbox o WHERE o.contact_id = c.id AND o.kind = $1::varchar
                            AND (o.status = 'pending' OR (o.status = 'delivering' AND o.kind = 'opt_out')))
       RETURNING contact_id::text`,
      [kind, contactIds, JSON.stringify(payload)],
    );
    if (rows.length) await sql.one(db, `SELECT pg_notify('ctct_outbox', $1)`, [kind]);
    return rows.map((row) => row.contact_id);
  }

  /**
   * The contact's opt-out that is still on its way, locked for the caller's transaction: a pending one is then
   * skipped by every claim (SKIP LOCKED) until the caller commits, so superseding it cannot race a delivery.
   */
  async lockActiveOptOut(db: Db, contactId: string): Promise<{ id: string; status: 'pending' | 'delivering' } | undefined> {
    return sql.one(
      db,
      `SELECT id::text, status FROM ctct_outbox WHERE contact_id = $1 AND kind = 'opt_out' AND status IN ('pending', 'delivering')
        ORDER BY id DESC LIMIT 1 FOR UPDATE`,
      [contactId],
    );
  }

  /** Resolves once the push is no longer being delivered (or after `timeoutMs`). */
  async waitWhileDelivering(id: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const row = await sql.one<{ status: string }>(this.dataSource, `SELECT status FROM ctct_outbox WHERE id = $1`, [id]);
      if (row?.status !== 'delivering') return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** CC's re-subscribe email was sent (a push done at once, recorded as delivered so the record shows it). */
  async recordResubscribe(db: Db, push: { contactId: string; ctctId: string; listIds: string[]; createdBy: string | null }): Promise<void> {
    await sql.affected(
      db,
      `INSERT INTO ctct_outbox (kind, contact_id, payload, created_by, status, attempts, outcome, delivered_at)
       VALUES ('resubscribe', $1, $2, $3, 'delivered', 1, 'Constant Contact emailed its re-subscribe confirmation', now())`,
      [push.contactId, JSON.stringify({ ctctId: push.ctctId, listIds: push.listIds }), push.createdBy],
    );
  }

  /** Milliseconds until the earliest pending push falls due, by the database's clock (null: none pending). */
  async msUntilNextDue(): Promise<number | null> {
    const row = await sql.one<{ wait_ms: number | null }>(
      this.dataSource,
      `SELECT (extract(epoch FROM min(next_attempt_at) - now()) * 1000)::float8 AS wait_ms FROM ctct_outbox WHERE status = 'pending'`,
    );
    return row?.wait_ms ?? null;
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

  /**
   * Claims up to `limit` due pushes for this worker (a lease: an abandoned claim is taken again after it lapses).
   * Opt-outs go first: consent must not wait behind a queue of field pushes (a first link can queue thousands).
   */
  async claimDue(owner: string, limit: number, leaseSeconds: number): Promise<OutboxRow[]> {
    return sql.rows<OutboxRow>(
      this.dataSource,
      `UPDATE ctct_outbox SET status = 'delivering', locked_by = $1, locked_until = now() + make_interval(secs => $3), attempts = attempts + 1
        WHERE id IN (
          SELECT id FROM ctct_outbox
           WHERE (status = 'pending' AND next_attempt_at <= now()) OR (status = 'delivering' AND locked_until < now())
           ORDER BY kind <> 'opt_out', id FOR UPDATE SKIP LOCKED LIMIT $2)
        RETURNING id::text, kind, contact_id, payload, status, attempts, last_error, outcome, created_by, created_at, delivered_at`,
      [owner, limit, leaseSeconds],
    );
  }

  /**
   * `seen`: what the delivery saw of both sides (convergence compares with it before it queues the push again).
   * False when this worker no longer holds the push (its lease lapsed and another took it).
   */
  async markDelivered(id: string, owner: string, outcome: string, seen: DeliverySeen = {}, db: Db = this.dataSource): Promise<boolean> {
    const marked = await sql.affected(
      db,
      `UPDATE ctct_outbox SET status = 'delivered', outcome = $3, last_error = NULL, delivered_at = now(),
              locked_by = NULL, locked_until = NULL, crm_seen_at = $4, ctct_seen_at = $5
        WHERE id = $1 AND locked_by = $2`,
      [id, owner, outcome, seen.crmUpdatedAt ?? null, seen.ctctUpdatedAt ?? null],
    );
    return marked > 0;
  }

  /** Delivery failed: try again later (`retryAt`), or give up for good (`retryAt` null) with the reason shown on the record. */
  async markFailed(
    id: string,
    owner: string,
    error: string,
    retryAt: Date | null,
    seen: DeliverySeen = {},
    db: Db = this.dataSource,
  ): Promise<boolean> {
    const marked = await sql.affected(
      db,
      `UPDATE ctct_outbox SET status = CASE WHEN $4::timestamptz IS NULL THEN 'failed' ELSE 'pending' END, last_error = $3,
              next_attempt_at = coalesce($4::timestamptz, next_attempt_at), locked_by = NULL, locked_until = NULL,
              crm_seen_at = $5, ctct_seen_at = $6
        WHERE id = $1 AND locked_by = $2`,
      [id, owner, error, retryAt, seen.crmUpdatedAt ?? null, seen.ctctUpdatedAt ?? null],
    );
    return marked > 0;
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
