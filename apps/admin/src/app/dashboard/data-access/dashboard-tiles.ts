import { InjectionToken, type Type } from '@angular/core';

/** A tile another feature adds to the dashboard. */
export interface DashboardTile {
  /** Stable id (also the tile's `data-testid`: `tile-<id>`). */
  id: string;
  /** Extra tiles follow the built-in four (connection, budget, jobs, latest runs), lowest `order` first. */
  order: number;
  /** A standalone component without inputs that loads its own data and renders its content (title included). */
  component: Type<unknown>;
}

/**
 * Where the dashboard grows: features provide their tiles here (`{ provide: DASHBOARD_TILES, useValue: [...] }` in
 * app.config.ts): the alerts, drift and opt-out service level tiles (dashboard/ui).
 * Nothing else is shown — no placeholder tiles.
 */
export const DASHBOARD_TILES = new InjectionToken<readonly DashboardTile[]>('DASHBOARD_TILES', { providedIn: 'root', factory: () => [] });
