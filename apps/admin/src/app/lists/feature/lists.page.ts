import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject } from '@angular/core';
import { rxResource, takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import type { CtctListDto } from '@ctct/shared-types';
import { ConnectionStatusService } from '../../core/connection-status.service';
import { toApiError } from '../../core/http/api-error';
import { EmptyState } from '../../shared/page-state/empty-state';
import { ErrorState } from '../../shared/page-state/error-state';
import { LoadingState } from '../../shared/page-state/loading-state';
import { SyncApi } from '../../sync/data-access/sync.api';
import { SyncNow } from '../../sync/data-access/sync-now';
import { formatCount, isActive } from '../../sync/data-access/sync-display';
import { SyncNowControl } from '../../sync/ui/sync-now-control';
import { keepWhileLoading } from '../../shared/data-access/keep-while-loading';

/**
 * /lists: the Constant Contact lists as the lists job last mirrored them; a row opens the list (/lists/:listId).
 * "Show deleted" lives in the URL
 * (`?deleted=true`); "Sync lists now" runs the lists job with its live state and reloads the table when it ends.
 */
@Component({
  selector: 'app-lists-page',
  imports: [
    DatePipe,
    RouterLink,
    MatButtonModule,
    MatSlideToggleModule,
    MatTableModule,
    LoadingState,
    EmptyState,
    ErrorState,
    SyncNowControl,
  ],
  providers: [SyncNow],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './lists.page.html',
  styleUrl: './lists.page.scss',
})
export class ListsPage {
  private readonly api = inject(SyncApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  protected readonly syncNow = inject(SyncNow);
  /** Why Sync lists now cannot run (Constant Contact missing). */
  protected readonly syncBlocked = inject(ConnectionStatusService).blockedReason;

  protected readonly columns = ['name', 'members', 'status', 'updated'];
  protected readonly formatCount = formatCount;

  private readonly queryParams = toSignal(this.route.queryParamMap, { requireSync: true });
  protected readonly showDeleted = computed(() => this.queryParams().get('deleted') === 'true');

  protected readonly lists = rxResource({ params: () => this.showDeleted(), stream: ({ params }) => this.api.lists(params) });
  protected readonly rows = keepWhileLoading(this.lists);
  protected readonly error = computed(() => {
    const error = this.lists.error();
    return error ? toApiError(error).message : null;
  });

  /** The lists job's status, so a run started elsewhere shows here too. */
  private readonly jobs = rxResource({ stream: () => this.api.jobs() });
  protected readonly listsJob = computed(() => (this.jobs.hasValue() ? this.jobs.value().find((job) => job.job === 'lists') : undefined));

  constructor() {
    effect(() => {
      const active = this.listsJob()?.activeRun;
      if (isActive(active) && !this.syncNow.stateOf('lists').run) this.syncNow.follow('lists', active!);
    });
    this.syncNow.finished.pipe(takeUntilDestroyed()).subscribe(() => this.lists.reload());
  }

  protected toggleDeleted(checked: boolean): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: { deleted: checked ? 'true' : null }, replaceUrl: true });
  }

  protected open(list: CtctListDto): void {
    void this.router.navigate(['/lists', list.listId]);
  }

  protected syncLists(): void {
    this.syncNow.start('lists');
  }

  protected reload(): void {
    this.lists.reload();
  }
}
