import { SYNC_RUN_STATUSES, type SyncRunStatus } from '@ctct/shared-types';
import { assertTransition, InvalidRunTransitionError, RUN_INITIAL_STATUSES, RUN_TRANSITIONS, statusesBefore } from './run-transitions';

const ALLOWED: Array<[SyncRunStatus, SyncRunStatus]> = [
  ['queued', 'running'],
  ['queued', 'cancelled'],
  ['running', 'succeeded'],
  ['running', 'failed'],
  ['running', 'paused'],
  ['running', 'running'],
  ['running', 'cancelled'],
  ['paused', 'queued'],
  ['paused', 'running'],
  ['paused', 'cancelled'],
  ['failed', 'queued'],
];

describe('run transitions', () => {
  it('allows exactly the changes the run engine makes, and throws on any other', () => {
    for (const from of SYNC_RUN_STATUSES) {
      for (const to of SYNC_RUN_STATUSES) {
        const allowed = ALLOWED.some(([a, b]) => a === from && b === to);
        if (allowed) expect(() => assertTransition(from, to)).not.toThrow();
        else expect(() => assertTransition(from, to)).toThrow(InvalidRunTransitionError);
      }
    }
  });

  it('never lets a succeeded, cancelled or skipped run change again', () => {
    for (const done of ['succeeded', 'cancelled', 'skipped'] as const) expect(RUN_TRANSITIONS[done]).toEqual([]);
  });

  it('re-queues only a paused run (Resume) or a failed one (Retry), each keeping its checkpoint', () => {
    expect(statusesBefore('queued').sort()).toEqual(['failed', 'paused']);
  });

  it('cancels a run that has not ended: queued, running or paused', () => {
    expect(statusesBefore('cancelled').sort()).toEqual(['paused', 'queued', 'running']);
  });

  it('lets a worker claim a queued run, a paused run whose wait is over, and a running run whose lease lapsed', () => {
    expect(statusesBefore('running').sort()).toEqual(['paused', 'queued', 'running']);
  });

  it('only ends or pauses a running run (cancel aside)', () => {
    for (const end of ['succeeded', 'failed', 'paused'] as const) expect(statusesBefore(end)).toEqual(['running']);
  });

  it('names every status in the table, and starts runs only as queued or skipped', () => {
    expect(Object.keys(RUN_TRANSITIONS).sort()).toEqual([...SYNC_RUN_STATUSES].sort());
    expect(RUN_INITIAL_STATUSES).toEqual(['queued', 'skipped']);
    expect(() => statusesBefore('skipped')).toThrow('no run status may become skipped');
  });
});
