import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CtctClient } from '../../ctct/ctct.client';
import type { CtctList, CtctListsPage as ListsPage } from '../../ctct/ctct-v3.types';
import { CtctMirrorService } from '../../ctct-mirror/ctct-mirror.service';
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
    private readonly mirror: CtctMirrorService,
  ) {}

  async run(context: JobContext<ListsCheckpoint>): Promise<void> {
    let checkpoint = context.checkpoint ?? { nextHref: null, seen: 0 };
    let path: string | null = checkpoint.nextHref ?? '/contact_lists';
    const firstPage = !checkpoint.nextHref;
    while (path) {
      const page: ListsPage = await this.client.call('getLists', {
        href: path,
        query:
          path === '/contact_lists' && firstPage
            ? { limit: LISTS_PAGE_SIZE, include_count: true, include_membership_count: 'all', status: 'all' }
            : undefined,
      });
      if (page.lists_count !== undefined) context.setTotal(page.lists_count);
      await this.upsert(page.lists, context);
      path = page._links?.next?.href ?? null;
      checkpoint = { nextHref: path, seen: checkpoint.seen + page.lists.length };
      await context.save(checkpoint, checkpoint.seen);
    }
    const gone = await this.mirror.markUnseenListsDeleted(this.dataSource, context.runId);
    if (gone > 0) {
      context.count('deleted', gone);
      context.note(`${gone} list(s) no longer in Constant Contact were marked deleted.`);
    }
  }

  private async upsert(lists: CtctList[], context: JobContext<ListsCheckpoint>): Promise<void> {
    const rows = await this.mirror.upsertLists(this.dataSource, lists, context.runId);
    for (const row of rows) {
      if (row.inserted) context.count('created');
      else if (row.changed) context.count('updated');
    }
  }
}
