import { InjectionToken, type Type } from '@angular/core';

/** A tile another feature adds to the dashboard. */
export interface DashboardTile {
  /** Stable id (also the tile's `data-testid`: `tile-<id>`). */
  id: string;
  /** Built-in tiles are 10 (connection), 20 (budget), 30 (jobs), 40 (latest runs); others slot in by order. */
  order: number;
  /** A standalone component without inputs that loads its own data and renders its content (title included). */
  component: Type<unknown>;
}

/**
 * Where the dashboard grows: drift and the opt-out service level (the consent issue) and alerts (the runs issue)
 * provide their tiles here (`{ provide: DASHBOARD_TILES, useValue: [...] }` in the app's providers) once their
 * APIs exist. Until then the dashboard shows only what the API already knows — no placeholder tiles.
 */
export const DASHBOARD_TILES = new InjectionToken<readonly DashboardTile[]>('DASHBOARD_TILES', { providedIn: 'root', factory: () => [] });
