import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { toApiError } from '../../core/http/api-error';
import { Icon } from '../../shared/icon/icon';
import { EmptyState } from '../../shared/page-state/empty-state';
import { ErrorState } from '../../shared/page-state/error-state';
import { LoadingState } from '../../shared/page-state/loading-state';
import { SyncApi } from '../../sync/data-access/sync.api';
import { formatCount } from '../../sync/data-access/sync-display';

/**
 * /lists/:listId: one Constant Contact list as the lists job mirrored it, and what can be done with it from here
 * (add CRM contacts to it with the bulk wizard, see the lists sync). CC stays the source: renaming or deleting
 * happens there.
 */
@Component({
  selector: 'app-list-detail-page',
  imports: [DatePipe, RouterLink, MatButtonModule, Icon, LoadingState, EmptyState, ErrorState],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <a mat-button routerLink="/lists" class="back" data-testid="back-to-lists">
      <app-icon name="arrowBack" />
      Lists
    </a>
    <div class="loading-slot">
      @if (lists.isLoading()) {
        <app-loading-state label="Loading the list" />
      }
    </div>
    @if (error(); as message) {
      <app-error-state title="The list could not be loaded" [message]="message" (retry)="lists.reload()" />
    } @else if (list(); as l) {
      <article class="list" data-testid="list-detail" aria-labelledby="list-title">
        <header class="page-header">
          <h1 class="page-title" id="list-title">{{ l.name }}</h1>
          <span [class]="'list-status status-' + l.status" data-testid="list-status">{{
            l.status === 'deleted' ? 'Deleted in Constant Contact' : 'Active'
          }}</span>
        </header>
        @if (l.description) {
          <p class="description">{{ l.description }}</p>
        }
        <dl class="facts">
          <div>
            <dt>Members in Constant Contact</dt>
            <dd data-testid="list-members">{{ l.membershipCount === null ? 'Not known yet' : formatCount(l.membershipCount) }}</dd>
          </div>
          <div>
            <dt>Last updated in Constant Contact</dt>
            <dd>
              @if (l.updatedAt) {
                <time [attr.datetime]="l.updatedAt">{{ l.updatedAt | date: 'MMM d, y, HH:mm' }}</time>
              } @else {
                —
              }
            </dd>
          </div>
          <div>
            <dt>Constant Contact list id</dt>
            <dd class="mono">{{ l.listId }}</dd>
          </div>
        </dl>
        <div class="actions">
          @if (l.status === 'active') {
            <a mat-flat-button [routerLink]="['/bulk-memberships']" [queryParams]="{ list: l.listId }" data-testid="list-add-contacts">
              <app-icon name="playlistAdd" />
              Add CRM contacts to this list
            </a>
          }
          <a mat-stroked-button routerLink="/sync" [queryParams]="{ job: 'lists' }">Lists sync history</a>
        </div>
        <p class="hint">
          Constant Contact stays the source of its lists: rename or delete this list there; the next lists sync shows it here.
        </p>
      </article>
    } @else if (!lists.isLoading()) {
      <app-empty-state
        icon="search"
        title="List not found"
        detail="It may not be synced yet, or the link is wrong."
        data-testid="not-found"
      >
        <a mat-stroked-button routerLink="/lists">Back to lists</a>
      </app-empty-state>
    }
  `,
  styles: `
    :host {
      display: block;
      padding: 8px 24px 24px;
      max-width: 960px;
    }
    .back {
      margin-left: -12px;
    }
    .loading-slot {
      height: 4px;
      margin: 4px 0;
    }
    .page-header {
      display: flex;
      align-items: center;
      flex-wrap: wrap;
      gap: 8px 16px;
      margin: 8px 0 8px;
    }
    .page-title {
      overflow-wrap: anywhere;
    }
    .description {
      margin: 0 0 16px;
      color: var(--mat-sys-on-surface-variant);
    }
    .list-status {
      padding: 2px 10px;
      border-radius: 8px;
      font: var(--mat-sys-label-medium);
      background: #d3f5dc;
      color: #0b5323;
    }
    .list-status.status-deleted {
      background: var(--mat-sys-surface-container-high);
      color: var(--mat-sys-on-surface-variant);
    }
    .facts {
      display: flex;
      flex-wrap: wrap;
      gap: 12px 32px;
      margin: 16px 0;
    }
    .facts dt {
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .facts dd {
      margin: 2px 0 0;
      font: var(--mat-sys-title-medium);
      overflow-wrap: anywhere;
    }
    .mono {
      font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
      font-size: 13px !important;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      margin: 8px 0 16px;
    }
    .hint {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    @media (max-width: 599.98px) {
      :host {
        padding: 8px 16px 16px;
      }
    }
  `,
})
export class ListDetailPage {
  private readonly api = inject(SyncApi);

  /** Route param `:listId`. */
  readonly listId = input.required<string>();

  protected readonly formatCount = formatCount;
  // The API lists every mirrored list at once (≤ 1,000); a deleted list still opens.
  protected readonly lists = rxResource({ stream: () => this.api.lists(true) });
  protected readonly list = computed(() =>
    this.lists.hasValue() ? this.lists.value().find((l) => l.listId === this.listId()) : undefined,
  );
  protected readonly error = computed(() => {
    const error = this.lists.error();
    return error ? toApiError(error).message : null;
  });
}
