import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CtctClient } from '../../ctct/ctct.client';
import type { CtctList as CtctListRow, CtctListsPage as ListsPage } from '../../ctct/ctct-v3.types';
import { JobContext } from '../../runs/job-context';
import { RunJob } from '../../runs/run-job';

// The docs say 1–500 (the spec's 1000 is a known quirk); CC's own limit wins for limits.
export const LISTS_PAGE_SIZE = 500;

interface ListsCheckpoint {
  nextHref: string | null;
  seen: number;
}

/**
 * Mirrors CC's contact lists (id, name, description, member count, status). CC has no "changed since" filter
 * for lists, so this is always a full listing — at most 1,000 lists, 2 calls. Lists no longer in CC are marked
 * deleted, never dropped (runs and memberships refer to them).
 */
@Injectable()
export class ListsJob implements RunJob<ListsCheckpoint> {
  readonly name = 'lists' as const;

  constructor(
    private readonly client: CtctClient,
    private readonly dataSource: DataSource,
  ) {}

  async run(context: JobContext<ListsCheckpoint>): Promise<void> {
    let checkpoint = context.checkpoint ?? { nextHref: null, seen: 0 };
    let path: string | null = checkpoint.nextHref ?? '/contact_lists';
    const firstPage = !checkpoint.nextHref;
    while (path) {
      const page: ListsPage = await this.client.call('getLists', {
        href: path,
        query: path === '/contact_lists' && firstPage ? { limit: LISTS_PAGE_SIZE, include_count: true, include_membership_count: 'all', status: 'all' } : undefined,
      });
      if (page.lists_count !== undefined) context.setTotal(page.lists_count);
      await this.upsert(page.lists, context);
      path = page._links?.next?.href ?? null;
      checkpoint = { nextHref: path, seen: checkpoint.seen + page.lists.length };
      await context.save(checkpoint, checkpoint.seen);
    }
    const [, gone] = await this.dataSource.query(
      `UPDATE ctct_lists SET deleted_in_ctct_at = now(), synced_at = now()
        WHERE deleted_in_ctct_at IS NULL AND last_seen_run_id IS DISTINCT FROM $1`,
      [context.runId],
    );
    if (gone > 0) {
      context.count('deleted', gone);
      context.note(`${gone} list(s) no longer in Constant Contact were marked deleted.`);
    }
  }

  private async upsert(lists: CtctListRow[], context: JobContext<ListsCheckpoint>): Promise<void> {
    if (lists.length === 0) return;
    const rows: Array<{ inserted: boolean; changed: boolean }> = await this.dataSource.query(
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
        context.runId,
      ],
    );
    for (const row of rows) {
      if (row.inserted) context.count('created');
      else if (row.changed) context.count('updated');
    }
  }
}
