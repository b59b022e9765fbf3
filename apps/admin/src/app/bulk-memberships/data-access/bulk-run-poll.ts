import { InjectionToken } from '@angular/core';
import type { SyncRunDto } from '@ctct/shared-types';
import { Observable, exhaustMap, takeWhile, timer } from 'rxjs';
import { isActive } from './bulk-display';
import { BulkMembershipsApi } from './bulk-memberships.api';

/** How often the wizard asks about its run (1 s; tests make it shorter). */
export const BULK_POLL_MS = new InjectionToken<number>('BULK_POLL_MS', { providedIn: 'root', factory: () => 1000 });

/** Asks about the run every `intervalMs` until it is no longer queued or running; emits every answer, the last included. */
export function pollRun(api: BulkMembershipsApi, id: string, intervalMs: number): Observable<SyncRunDto> {
  return timer(intervalMs, intervalMs).pipe(
    exhaustMap(() => api.run(id)),
    takeWhile((run) => isActive(run), true),
  );
}
