import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import type { ReconciliationClass, ReconciliationSummaryDto } from '@ctct/shared-types';
import { ReconciliationApi } from '../../reconciliation/data-access/reconciliation.api';
import type { DashboardTile } from '../data-access/dashboard-tiles';

const number = new Intl.NumberFormat('en-US');

function countOf(summary: ReconciliationSummaryDto, klass: ReconciliationClass): number {
  return summary.classes.find((c) => c.class === klass)?.count ?? 0;
}

/**
 * The dashboard's drift tile (issue 15): how many linked contacts differ from Constant Contact and how many need a
 * person to look, from the same summary the Reconciliation page shows, with a link there to fix them.
 */
@Component({
  selector: 'app-drift-tile',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 class="tile-title">Drift</h2>
    @if (summary.error()) {
      <p class="line muted" role="status">The reconciliation could not be loaded; the Reconciliation page retries it.</p>
    } @else if (view(); as v) {
      @if (!v.synced) {
        <!-- Drift is measured against the mirror of CC: before its first sync there is nothing to compare. -->
        <p class="line muted" data-testid="drift-tile-summary">
          Constant Contact's contacts have not been synced yet, so drift is not known.
        </p>
      } @else if (v.drift === 0 && v.review === 0) {
        <p class="line muted" data-testid="drift-tile-summary">Every linked contact agrees with Constant Contact.</p>
      } @else {
        <p class="line" data-testid="drift-tile-summary">{{ v.driftText }}</p>
        @if (v.review > 0) {
          <p class="line" data-testid="drift-tile-review">{{ v.reviewText }}</p>
        }
        <a class="link" routerLink="/reconciliation" data-testid="drift-tile-link">Open Reconciliation</a>
      }
    } @else {
      <p class="line muted">Loading…</p>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 8px;
      width: 100%;
    }
    .tile-title {
      margin: 0;
      font: var(--mat-sys-title-medium);
    }
    .line {
      margin: 0;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    .link {
      color: var(--mat-sys-primary);
    }
  `,
})
export class DriftTile {
  private readonly api = inject(ReconciliationApi);

  protected readonly summary = rxResource({ stream: () => this.api.summary() });
  protected readonly view = computed(() => {
    if (!this.summary.hasValue()) return undefined;
    const summary = this.summary.value();
    const drift = countOf(summary, 'drift');
    const review = countOf(summary, 'needs_review');
    return {
      synced: summary.mirrorSyncedAt !== null,
      drift,
      review,
      driftText:
        drift === 0
          ? 'No linked contact has drift.'
          : `${number.format(drift)} linked ${drift === 1 ? 'contact has' : 'contacts have'} drift from Constant Contact.`,
      reviewText: `${number.format(review)} ${review === 1 ? 'contact needs' : 'contacts need'} review.`,
    };
  });
}

/** Registered in DASHBOARD_TILES (app.config.ts): after the alerts tile. */
export const DRIFT_TILE: DashboardTile = { id: 'drift', order: 20, component: DriftTile };
