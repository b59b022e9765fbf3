import { InjectionToken, type Type } from '@angular/core';
import type { SyncRunDto } from '@ctct/shared-types';

/**
 * Where a run's lifecycle actions (Resume, Retry, Cancel) plug into the run page, beside the run's status. The app
 * provides RunLifecycleActions here (app.config.ts). The component has two inputs:
 * - `run: SyncRunDto` — the run as last polled;
 * - `changed: (run: SyncRunDto) => void` — call it with the API's answer after an action; the page shows that run
 *   and follows it again while it is queued or running (or reads its records again once it ended).
 * Without a provider the page shows no actions at all (no placeholder buttons).
 */
export const RUN_ACTIONS = new InjectionToken<Type<unknown> | null>('RUN_ACTIONS', { providedIn: 'root', factory: () => null });

/** The inputs the page hands the RUN_ACTIONS component. */
export interface RunActionsInputs {
  run: SyncRunDto;
  changed: (run: SyncRunDto) => void;
}
