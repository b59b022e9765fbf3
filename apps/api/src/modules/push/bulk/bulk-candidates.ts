import type { BulkSelection } from '@ctct/shared-types';
import { ValidationFailedError } from '../../../common/domain-errors';
import { DataSource } from 'typeorm';
import { Db, sql } from '../../../common/sql';
import { contactFilterConditions } from '../../contacts/contact-search';
import { BulkCandidate } from './plan-bulk-membership';

export const MAX_SELECTION = 100_000;

/**
 * The selected CRM contacts with what the CC mirror knows of each (the linked CC contact, or the one with the
 * same email key), in one query. Duplicate emails in the selection are ranked so only the first is pushed.
 * An unlinked contact is compared with every CC contact of its loose key (email-key.ts): if one of them has another
 * key (equal only after a folding CC may not make) or two live ones share it, the match is ambiguous — the contact
 * needs review, and is neither linked nor created (an import would land on whichever contact CC picks).
 */
export async function loadBulkCandidates(db: Db, selection: BulkSelection, targetListId: string | null): Promise<BulkCandidate[]> {
  const { where, params } = await checkedSelection(db, selection);
  const rows = await sql.rows<CandidateRow>(db, candidatesSql(where, targetParam(params, targetListId)), params);
  return rows.map((row) => toCandidate(row, targetListId));
}

/** Rows read at a time by eachBulkCandidateBatch: a few MB, however large the selection. */
export const CANDIDATE_BATCH = 5_000;

/**
 * The same candidates as loadBulkCandidates, in the same order, handed to `onBatch` CANDIDATE_BATCH at a time
 * through a server-side cursor: the preview of 100,000 contacts held them all at once (~250 MB of rows and
 * candidates in the API process, bench bulk-preview-100k), and needs only counts, samples and import sizes.
 */
export async function eachBulkCandidateBatch(
  dataSource: DataSource,
  selection: BulkSelection,
  targetListId: string | null,
  onBatch: (candidates: BulkCandidate[]) => void | Promise<void>,
): Promise<void> {
  await dataSource.transaction(async (manager) => {
    const { where, params } = await checkedSelection(manager, selection);
    // The ranking and the order sort the whole selection: in memory rather than in temporary files. JIT off: its
    // estimated cost makes PostgreSQL compile this probe-per-row query, 0.4 s of a 1 s read at 100,000 contacts
    // (bench bulk-preview-100k), never paid back.
    await sql.affected(manager, `SET LOCAL work_mem = '64MB'`);
    await sql.affected(manager, `SET LOCAL jit = off`);
    const query = candidatesSql(where, targetParam(params, targetListId));
    await sql.affected(manager, `DECLARE bulk_candidates NO SCROLL CURSOR FOR ${query}`, params);
    for (;;) {
      const rows = await sql.rows<CandidateRow>(manager, `FETCH ${CANDIDATE_BATCH} FROM bulk_candidates`);
      if (rows.length === 0) break;
      await onBatch(rows.map((row) => toCandidate(row, targetListId)));
    }
  });
}

/** The target list as a parameter of the candidates query (whether each CC contact is already in it). */
function targetParam(params: unknown[], targetListId: string | null): string {
  return `$${params.push(targetListId)}::uuid`;
}

/**
 * The selection's conditions, after checking it names contacts and holds at most MAX_SELECTION of them (the
 * refusals a run's start gives at once; see BulkMembershipService.check). Ids bound the selection by their own
 * number, so only a filter alone is counted, and only up to one past the limit (a filter may match a million).
 */
export async function checkedSelection(db: Db, selection: BulkSelection): Promise<{ where: string[]; params: unknown[] }> {
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  const where = ['c.deleted_at IS NULL'];
  if (selection.contactIds?.length) where.push(`c.id = ANY(${param(selection.contactIds)}::uuid[])`);
  if (selection.filter) where.push(...contactFilterConditions(selection.filter, param, 'c'));
  if (!selection.contactIds?.length && !selection.filter) {
    throw new ValidationFailedError([{ field: 'selection', message: 'choose contacts by contactIds or by a filter' }]);
  }
  if ((selection.contactIds?.length ?? 0) > MAX_SELECTION) {
    throw new ValidationFailedError([
      {
        field: 'selection.contactIds',
        message: `names ${selection.contactIds!.length} contacts; send at most ${MAX_SELECTION} at a time, or choose them by a filter`,
      },
    ]);
  }
  if (selection.contactIds?.length) return { where, params };
  const { count } = (await sql.one<{ count: number }>(
    db,
    `SELECT count(*)::int AS count FROM (SELECT 1 FROM contacts c WHERE ${where.join(' AND ')} LIMIT ${MAX_SELECTION + 1}) AS selected`,
    params,
  ))!;
  if (count > MAX_SELECTION) {
    throw new ValidationFailedError([
      {
        field: 'selection',
        message: `selects more than ${MAX_SELECTION} contacts; narrow the filter to at most ${MAX_SELECTION} at a time`,
      },
    ]);
  }
  return { where, params };
}

interface CandidateRow {
  id: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  do_not_email: boolean;
  email_rank: string;
  ctct_contact_id: string | null;
  cc_id: string | null;
  cc_permission: string | null;
  cc_deleted: boolean | null;
  cc_in_target: boolean | null;
  cc_address: string | null;
  loose_only: boolean | null;
  live_matches: number | null;
}

/** `target`: the parameter holding the target list (null for a new list): only membership of it is read, not every list. */
function candidatesSql(where: string[], target: string): string {
  return `WITH selected AS (
       SELECT c.id, c.email, c.email_normalized, c.email_loose_key, c.first_name, c.last_name, c.do_not_email, c.ctct_contact_id,
              c.created_at,
              CASE WHEN c.email_normalized IS NULL THEN 1
                   ELSE row_number() OVER (PARTITION BY c.email_normalized ORDER BY (c.ctct_contact_id IS NULL), c.created_at, c.id) END AS email_rank
         FROM contacts c WHERE ${where.join(' AND ')}
     )
     SELECT s.id, s.email, s.first_name, s.last_name, s.do_not_email, s.email_rank, s.ctct_contact_id,
            coalesce(linked.contact_id, by_email.contact_id, s.ctct_contact_id) AS cc_id,
            coalesce(linked.permission_to_send, by_email.permission_to_send) AS cc_permission,
            coalesce(linked.cc_deleted_at, by_email.cc_deleted_at) IS NOT NULL AS cc_deleted,
            ${target} = ANY(coalesce(linked.list_ids, by_email.list_ids)) AS cc_in_target,
            by_email.email_address AS cc_address, by_email.loose_only, by_email.live_matches
       FROM selected s
       LEFT JOIN ctct_contacts linked ON linked.contact_id = s.ctct_contact_id
       LEFT JOIN LATERAL (
         SELECT m.contact_id, m.permission_to_send, m.cc_deleted_at, m.list_ids, m.email_address,
                bool_or(m.email_normalized IS DISTINCT FROM s.email_normalized) OVER () AS loose_only,
                (count(*) FILTER (WHERE m.cc_deleted_at IS NULL) OVER ())::int AS live_matches
           FROM ctct_contacts m
          WHERE s.ctct_contact_id IS NULL AND m.email_loose_key = s.email_loose_key
          ORDER BY m.email_normalized IS DISTINCT FROM s.email_normalized, m.cc_deleted_at NULLS FIRST LIMIT 1) by_email ON true
      ORDER BY s.created_at, s.id`;
}

function toCandidate(row: CandidateRow, targetListId: string | null): BulkCandidate {
  return {
    contactId: row.id,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    doNotEmail: row.do_not_email,
    emailRank: Number(row.email_rank),
    linkedCtctId: row.ctct_contact_id,
    ctct: row.cc_id
      ? {
          contactId: row.cc_id,
          permission: row.cc_permission,
          deleted: Boolean(row.cc_deleted),
          listIds: row.cc_in_target && targetListId ? [targetListId] : [],
        }
      : null,
    needsReview: ambiguity(row),
  };
}

/** Why the unlinked contact's match in CC is ambiguous, naming both sides; null when it is not (or it is linked). */
function ambiguity(row: {
  email: string | null;
  cc_id: string | null;
  cc_address: string | null;
  loose_only: boolean | null;
  live_matches: number | null;
}): string | null {
  if (!row.cc_id || row.loose_only === null) return null;
  const crm = `the CRM's ${row.email?.trim()}`;
  if ((row.live_matches ?? 0) > 1) {
    return `${row.live_matches} Constant Contact contacts could be ${crm} (one is ${row.cc_address}, ${row.cc_id})`;
  }
  if (row.loose_only) {
    return `Constant Contact's ${row.cc_address} (${row.cc_id}) matches ${crm} only by a case folding Constant Contact may not make`;
  }
  return null;
}
