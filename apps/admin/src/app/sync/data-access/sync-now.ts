import { Injectable, InjectionToken, OnDestroy, inject, signal } from '@angular/core';
import type { SyncJobName, SyncRunDto } from '@ctct/shared-types';
import { Observable, Subject, Subscription, exhaustMap, takeWhile, timer } from 'rxjs';
import { ConnectionStatusService } from '../../core/connection-status.service';
import { toApiError } from '../../core/http/api-error';
import { SyncApi } from './sync.api';
import { isActive } from './sync-display';

/** How often a queued or running run is asked about (1 s; tests make it shorter). */
export const SYNC_POLL_MS = new InjectionToken<number>('SYNC_POLL_MS', { providedIn: 'root', factory: () => 1000 });

/** Polls one run until it is no longer queued or running; emits every answer, the final one included. */
export function pollRun(api: SyncApi, id: string, intervalMs: number): Observable<SyncRunDto> {
  return timer(intervalMs, intervalMs).pipe(
    exhaustMap(() => api.run(id)),
    takeWhile((run) => isActive(run), true),
  );
}

export type SyncNowStates = Partial<Record<SyncJobName, SyncNowState>>;

export interface SyncNowState {
  /** The POST is on its way. */
  starting: boolean;
  /** The run this page started or found active, as last polled. */
  run: SyncRunDto | null;
  /** Why it could not start (the API's 409 message), or why polling failed. */
  error: string | null;
}

export const IDLE: SyncNowState = { starting: false, run: null, error: null };

/**
 * "Sync now" with its live state, per job: POST, then poll the run every second until it ends. Provide it in the
 * page's `providers` so polling stops with the page. The connection banner is told to look again afterwards:
 * a 409 or a paused run often means the connection changed.
 */
@Injectable()
export class SyncNow implements OnDestroy {
  private readonly api = inject(SyncApi);
  private readonly connectionStatus = inject(ConnectionStatusService);
  private readonly pollMs = inject(SYNC_POLL_MS);

  private readonly states = signal<Partial<Record<SyncJobName, SyncNowState>>>({});
  /** Every job's state, for presentational components. */
  readonly all = this.states.asReadonly();
  private readonly polls = new Map<SyncJobName, Subscription>();
  private readonly finishedRuns = new Subject<SyncRunDto>();
  /** Each followed run once it has ended (succeeded, failed, paused, skipped). */
  readonly finished = this.finishedRuns.asObservable();

  stateOf(job: SyncJobName): SyncNowState {
    return this.states()[job] ?? IDLE;
  }

  busy(job: SyncJobName): boolean {
    const state = this.stateOf(job);
    return state.starting || isActive(state.run);
  }

  start(job: SyncJobName): void {
    if (this.busy(job)) return;
    this.patch(job, { starting: true, error: null });
    this.api.runNow(job).subscribe({
      next: (run) => {
        this.patch(job, { starting: false });
        this.follow(job, run);
        this.connectionStatus.refreshNow();
      },
      error: (err: unknown) => {
        this.patch(job, { starting: false, error: toApiError(err).message });
        this.connectionStatus.refreshNow();
      },
    });
  }

  /** Shows `run` as this job's live state and, while it is active, polls it. */
  follow(job: SyncJobName, run: SyncRunDto): void {
    this.polls.get(job)?.unsubscribe();
    this.patch(job, { run, error: null });
    if (!isActive(run)) {
      this.finishedRuns.next(run);
      return;
    }
    const poll = pollRun(this.api, run.id, this.pollMs).subscribe({
      next: (latest) => {
        this.patch(job, { run: latest });
        if (!isActive(latest)) {
          this.finishedRuns.next(latest);
          this.connectionStatus.refreshNow();
        }
      },
      error: (err: unknown) => this.patch(job, { error: `Lost track of the run: ${toApiError(err).message}` }),
    });
    this.polls.set(job, poll);
  }

  ngOnDestroy(): void {
    for (const poll of this.polls.values()) poll.unsubscribe();
    this.finishedRuns.complete();
  }

  private patch(job: SyncJobName, changes: Partial<SyncNowState>): void {
    this.states.update((states) => ({ ...states, [job]: { ...(states[job] ?? IDLE), ...changes } }));
  }
}
