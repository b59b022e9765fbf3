import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { ConsentApi } from '../../consent/data-access/consent.api';
import { SERVICE_STATUS, formatAge } from '../../consent/data-access/consent-display';
import type { DashboardTile } from '../data-access/dashboard-tiles';

/**
 * The dashboard's opt-out service level tile (issue 15): a compact form of Settings' "Opt-outs reaching Constant
 * Contact" card — the same API, only what a glance needs (status, how many wait, the oldest, the target); the
 * breakdown and the last week's timings stay in Settings, which it links to.
 */
@Component({
  selector: 'app-opt-outs-tile',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 class="tile-title">Opt-outs reaching Constant Contact</h2>
    @if (level.error()) {
      <p class="line muted" role="status">The opt-out service level could not be loaded; Settings shows it too.</p>
    } @else if (value(); as l) {
      <p class="line headline">
        <span [class]="'chip tone-' + status().tone" data-testid="opt-outs-tile-status">{{ status().label }}</span>
        <span data-testid="opt-outs-tile-waiting">
          @if (l.notReflected === 0) {
            Every opt-out is in Constant Contact.
          } @else {
            <strong>{{ l.notReflected }}</strong> {{ l.notReflected === 1 ? 'opt-out' : 'opt-outs' }} not yet in Constant Contact
          }
        </span>
      </p>
      @if (l.notReflected > 0) {
        <p class="line" data-testid="opt-outs-tile-oldest">Oldest waiting {{ age(l.oldestAgeSeconds) }}</p>
      }
      <p class="line muted" data-testid="opt-outs-tile-target">
        Target: {{ age(l.targetSeconds) }}; CAN-SPAM allows {{ l.legalLimitBusinessDays }} business days.
      </p>
      <a class="link" routerLink="/settings" data-testid="opt-outs-tile-link">Opt-out details in Settings</a>
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
    .headline {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 8px;
    }
    /* The same tones as the Settings card (consent-service-level.ts), so both read alike. */
    .chip {
      padding: 2px 10px;
      border-radius: 8px;
      font: var(--mat-sys-label-medium);
    }
    .tone-ok {
      background: #d3f5dc;
      color: #0b5323;
    }
    .tone-warn {
      background: #ffe3b8;
      color: #5c3a00;
    }
    .tone-stop {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .link {
      color: var(--mat-sys-primary);
    }
  `,
})
export class OptOutsTile {
  private readonly api = inject(ConsentApi);

  protected readonly level = rxResource({ stream: () => this.api.serviceLevel() });
  protected readonly value = computed(() => (this.level.hasValue() ? this.level.value() : undefined));
  protected readonly status = computed(() => SERVICE_STATUS[this.value()?.status ?? 'ok']);
  protected readonly age = formatAge;
}

/** Registered in DASHBOARD_TILES (app.config.ts): after the drift tile. */
export const OPT_OUTS_TILE: DashboardTile = { id: 'opt-outs', order: 30, component: OptOutsTile };
