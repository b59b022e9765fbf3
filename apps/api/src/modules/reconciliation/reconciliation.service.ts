import { Injectable } from '@nestjs/common';
import {
  RECONCILIATION_CLASSES,
  type DriftField,
  type FixDriftPreviewDto,
  type FixDriftResultDto,
  type Page,
  type PushKind,
  type ReconciliationClass,
  type ReconciliationClassSummaryDto,
  type ReconciliationContactDto,
  type ReconciliationContactsQuery,
  type ReconciliationListDto,
  type ReconciliationSummaryDto,
} from '@ctct/shared-types';
import { DataSource, EntityManager } from 'typeorm';
import { decodeCursor, everyPage, keysetPage } from '../../common/keyset-page';
import { Db, sql } from '../../common/sql';
import { optOutQueued } from '../consent/consent-events';
import { ConsentLedger } from '../consent/consent-ledger';
import { CtctMirrorService } from '../ctct-mirror/ctct-mirror.service';
import { RateBudgetService } from '../ctct/rate-budget.service';
import { OutboxRepository } from '../push/outbox.repository';
import { CLASS_INFO } from './reconciliation-classes';
import { CLASSIFIED_COLUMNS, CLASSIFIED_CTE } from './reconciliation.sql';
import { ClassifiedRow, toReconciliationContactDto } from './reconciliation.rows';

const SAMPLES_PER_CLASS = 5;
/** A push is a read and a write (GET then PUT): what an opt-out and a field update each cost. */
const CALLS_PER_PUSH = 2;
/**
 * The outbox kind of a field update (email and names), which the field-push work adds to the outbox. Until it is
 * there, email and name drift is reported but Fix drift queues opt-outs only (and says so); then name it here.
 */
const FIELD_UPDATE_KIND: PushKind | null = null;
const DRIFT_COLUMN: Record<DriftField, string> = { email: 'd_email', firstName: 'd_first', lastName: 'd_last', doNotEmail: 'd_dne' };

interface SampleRow extends ClassifiedRow {
  class_count: number;
  n_email: number;
  n_first: number;
  n_last: number;
  n_dne: number;
}

export interface DriftTargetRow {
  id: string;
  d_dne: boolean;
  d_fields: boolean;
  opt_out_pending: boolean;
  update_pending: boolean;
}

/**
 * The reconciliation read model: every live CRM contact with an email in one class (reconciliation.sql.ts), per
 * class counts, samples, keyset pages and CSV; per CC list the CRM's memberships against CC's count; and Fix drift,
 * which queues the pushes that make CC match the CRM through the outbox (push's `enqueue`), with the ledger event.
 */
@Injectable()
export class ReconciliationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxRepository,
    private readonly ledger: ConsentLedger,
    private readonly budget: RateBudgetService,
    private readonly mirror: CtctMirrorService,
  ) {}

  async summary(): Promise<ReconciliationSummaryDto> {
    const rows = await this.read((db) =>
      sql.rows<SampleRow>(
        db,
        `WITH ${CLASSIFIED_CTE},
       ranked AS (
         SELECT ${CLASSIFIED_COLUMNS}, row_number() OVER (PARTITION BY class ORDER BY key COLLATE "C", id) AS rn,
                count(*) OVER (PARTITION BY class)::int AS class_count,
                count(*) FILTER (WHERE d_email) OVER (PARTITION BY class)::int AS n_email,
                count(*) FILTER (WHERE d_first) OVER (PARTITION BY class)::int AS n_first,
                count(*) FILTER (WHERE d_last) OVER (PARTITION BY class)::int AS n_last,
                count(*) FILTER (WHERE d_dne) OVER (PARTITION BY class)::int AS n_dne
           FROM classified
       )
       SELECT * FROM ranked WHERE rn <= $1 ORDER BY class, rn`,
        [SAMPLES_PER_CLASS],
      ),
    );
    const pending = await this.pendingPushes(rows.map((row) => row.id));
    const byClass = new Map<ReconciliationClass, SampleRow[]>();
    for (const row of rows) byClass.set(row.class, [...(byClass.get(row.class) ?? []), row]);
    const classes = RECONCILIATION_CLASSES.map((name): ReconciliationClassSummaryDto => {
      const samples = byClass.get(name) ?? [];
      const first = samples[0];
      return {
        class: name,
        label: CLASS_INFO[name].label,
        fix: CLASS_INFO[name].fix,
        count: first?.class_count ?? 0,
        ...(name === 'drift'
          ? {
              fields: {
                email: first?.n_email ?? 0,
                firstName: first?.n_first ?? 0,
                lastName: first?.n_last ?? 0,
                doNotEmail: first?.n_dne ?? 0,
              },
            }
          : {}),
        samples: samples.map((row) => toReconciliationContactDto(row, pending.has(row.id))),
      };
    });
    const syncedAt = await this.mirror.contactsSyncedAt(this.dataSource);
    return {
      generatedAt: new Date().toISOString(),
      mirrorSyncedAt: syncedAt ? new Date(syncedAt).toISOString() : null,
      total: classes.reduce((sum, item) => sum + item.count, 0),
      classes,
      lists: await this.lists(),
    };
  }

  /**
   * One keyset page of a class (all classes when none is given), by email key in byte order (COLLATE "C": the
   * classification is sorted whole for every page, and a locale's collation would make that sort several times slower).
   */
  async contacts(query: ReconciliationContactsQuery): Promise<Page<ReconciliationContactDto>> {
    const limit = query.limit ?? 50;
    const sort = sortName(query);
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where: string[] = [];
    if (query.class) where.push(`class = ${param(query.class)}`);
    if (query.field) where.push(DRIFT_COLUMN[query.field]);
    if (query.cursor) {
      const position = decodeCursor(query.cursor, sort, { key: 'text', id: 'uuid' });
      where.push(`(key COLLATE "C", id) > (${param(position.key)}::text COLLATE "C", ${param(position.id)}::uuid)`);
    }
    const text = `WITH ${CLASSIFIED_CTE}
       SELECT ${CLASSIFIED_COLUMNS} FROM classified ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY key COLLATE "C", id LIMIT ${param(limit + 1)}`;
    const rows = await this.read((db) => sql.rows<ClassifiedRow>(db, text, params));
    const pending = await this.pendingPushes(rows.slice(0, limit).map((row) => row.id));
    return keysetPage(
      rows,
      limit,
      (row) => ({ sort, key: row.key, id: row.id }),
      (row) => toReconciliationContactDto(row, pending.has(row.id)),
    );
  }

  /** Every contact of the query, for the CSV export. */
  stream(query: ReconciliationContactsQuery, maxRows: number): AsyncGenerator<ReconciliationContactDto[]> {
    return everyPage((cursor, limit) => this.contacts({ ...query, cursor, limit }), { batch: 5_000, maxRows });
  }

  /** Per live CC list: CRM-side memberships (and how many of them CC lacks) against CC's count and the mirror's. */
  async lists(): Promise<ReconciliationListDto[]> {
    const rows = await sql.rows<{
      list_id: string;
      name: string;
      crm_count: number;
      crm_not_in_ctct: number;
      ctct_count: number | null;
      mirror_count: number;
    }>(
      this.dataSource,
      `SELECT l.list_id, l.name, l.membership_count AS ctct_count, coalesce(crm.n, 0) AS crm_count,
              coalesce(crm.missing, 0) AS crm_not_in_ctct,
              coalesce(mirror.n, 0) AS mirror_count
         FROM ctct_lists l
         LEFT JOIN (SELECT cm.list_id, count(*)::int AS n,
                           count(*) FILTER (WHERE m.contact_id IS NULL OR m.cc_deleted_at IS NOT NULL
                                               OR NOT (cm.list_id = ANY (m.list_ids)))::int AS missing
                      FROM crm_list_memberships cm
                      JOIN contacts c ON c.id = cm.contact_id AND c.deleted_at IS NULL
                      LEFT JOIN ctct_contacts m ON m.contact_id = c.ctct_contact_id
                     GROUP BY cm.list_id) crm ON crm.list_id = l.list_id
         LEFT JOIN (SELECT u.list_id, count(*)::int AS n FROM ctct_contacts m CROSS JOIN unnest(m.list_ids) AS u(list_id)
                     WHERE m.cc_deleted_at IS NULL GROUP BY u.list_id) mirror ON mirror.list_id = l.list_id
        WHERE l.deleted_in_ctct_at IS NULL
        ORDER BY lower(l.name), l.list_id`,
    );
    return rows.map((row) => ({
      listId: row.list_id,
      name: row.name,
      crmCount: row.crm_count,
      crmNotInCtct: row.crm_not_in_ctct,
      ctctCount: row.ctct_count,
      mirrorCount: row.mirror_count,
    }));
  }

  async fixDriftPreview(): Promise<FixDriftPreviewDto> {
    const targets = await this.read((db) => this.driftTargets(db));
    const plan = planFixDrift(targets, FIELD_UPDATE_KIND !== null);
    const apiCalls = (plan.optOuts.length + plan.fieldUpdates.length) * CALLS_PER_PUSH;
    const budget = await this.budget.snapshot();
    return {
      optOuts: plan.optOuts.length,
      fieldUpdates: plan.fieldUpdates.length,
      fieldPushesAvailable: FIELD_UPDATE_KIND !== null,
      alreadyQueued: plan.alreadyQueued,
      cost: { apiCalls, budget, fitsToday: apiCalls <= budget.remainingToday },
    };
  }

  /**
   * Queues the pushes that fix today's drift, in one transaction with their consent events: an opt-out per contact
   * with Do Not Email drift (none for a contact whose opt-out is already waiting).
   */
  async fixDrift(userId: string): Promise<FixDriftResultDto> {
    const queued = await this.dataSource.transaction(async (manager) => {
      // One Fix drift at a time: a double click must not queue everything twice.
      await sql.one(manager, `SELECT pg_advisory_xact_lock(hashtext('reconciliation.fix-drift'))`);
      await sql.one(manager, `SET LOCAL jit = off`);
      const plan = planFixDrift(await this.driftTargets(manager), FIELD_UPDATE_KIND !== null);
      const events = [];
      for (const contactId of plan.optOuts) {
        const pushId = await this.outbox.enqueue(manager, {
          kind: 'opt_out',
          contactId,
          payload: { doNotEmail: true },
          createdBy: userId,
          supersedes: 'opt_out',
        });
        events.push(
          optOutQueued(
            contactId,
            pushId,
            'reconciliation',
            'crm_user',
            'Fix drift: Do Not Email in the CRM, Constant Contact still mailable',
          ),
        );
      }
      for (const contactId of plan.fieldUpdates) {
        // The delivery sends the CRM's fields as they are then (the latest state wins): the push names only the contact.
        await this.outbox.enqueue(manager, {
          kind: FIELD_UPDATE_KIND!,
          contactId,
          payload: {},
          createdBy: userId,
          supersedes: FIELD_UPDATE_KIND!,
        });
      }
      await this.ledger.record(manager, events);
      return plan;
    });
    const apiCalls = (queued.optOuts.length + queued.fieldUpdates.length) * CALLS_PER_PUSH;
    const fieldNote = FIELD_UPDATE_KIND ? '' : ' Email and name drift is not pushed: field updates are not available in this version.';
    const updates = FIELD_UPDATE_KIND
      ? ` and ${queued.fieldUpdates.length} field update${queued.fieldUpdates.length === 1 ? '' : 's'}`
      : '';
    return {
      queuedOptOuts: queued.optOuts.length,
      queuedFieldUpdates: queued.fieldUpdates.length,
      apiCalls,
      message:
        `Queued ${queued.optOuts.length} opt-out${queued.optOuts.length === 1 ? '' : 's'}${updates} ` +
        `(${apiCalls} Constant Contact calls).${fieldNote}`,
    };
  }

  /**
   * Runs the classification's statements in a read transaction without JIT: compiling its expressions costs PostgreSQL
   * seconds (it did at 50,000 contacts once the estimate crossed jit_above_cost), far more than it saves on a query
   * that hashes and joins a few tables once.
   */
  private read<T>(work: (db: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await sql.one(manager, `SET LOCAL jit = off`);
      return work(manager);
    });
  }

  /** The drifted contacts and whether a push for them already waits. */
  private async driftTargets(db: Db): Promise<DriftTargetRow[]> {
    return sql.rows<DriftTargetRow>(
      db,
      `WITH ${CLASSIFIED_CTE}
       SELECT d.id, d.d_dne, (d.d_email OR d.d_first OR d.d_last) AS d_fields,
              EXISTS (SELECT 1 FROM ctct_outbox o
                       WHERE o.contact_id = d.id AND o.kind = 'opt_out' AND o.status IN ('pending', 'delivering')) AS opt_out_pending,
              EXISTS (SELECT 1 FROM ctct_outbox o
                       WHERE o.contact_id = d.id AND o.kind = $1 AND o.status IN ('pending', 'delivering')) AS update_pending
         FROM classified d WHERE d.class = 'drift'
        ORDER BY d.key COLLATE "C", d.id`,
      [FIELD_UPDATE_KIND],
    );
  }

  /** Of these contacts, those with a push waiting or being delivered. */
  private async pendingPushes(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await sql.rows<{ contact_id: string }>(
      this.dataSource,
      `SELECT DISTINCT contact_id FROM ctct_outbox WHERE contact_id = ANY($1::uuid[]) AND status IN ('pending', 'delivering')`,
      [ids],
    );
    return new Set(rows.map((row) => row.contact_id));
  }
}

/** Which drifted contacts get which push: none when one of that kind already waits. */
export function planFixDrift(
  targets: readonly DriftTargetRow[],
  fieldPushes: boolean,
): { optOuts: string[]; fieldUpdates: string[]; alreadyQueued: number } {
  const optOuts: string[] = [];
  const fieldUpdates: string[] = [];
  let alreadyQueued = 0;
  for (const target of targets) {
    const needsOptOut = target.d_dne && !target.opt_out_pending;
    const needsUpdate = fieldPushes && target.d_fields && !target.update_pending;
    if (needsOptOut) optOuts.push(target.id);
    if (needsUpdate) fieldUpdates.push(target.id);
    if (!needsOptOut && !needsUpdate && ((target.d_dne && target.opt_out_pending) || (target.d_fields && target.update_pending)))
      alreadyQueued++;
  }
  return { optOuts, fieldUpdates, alreadyQueued };
}

/** A cursor is bound to its filters: replayed against another class it is refused. */
function sortName(query: ReconciliationContactsQuery): string {
  return `key:${query.class ?? 'all'}:${query.field ?? 'any'}`;
}
