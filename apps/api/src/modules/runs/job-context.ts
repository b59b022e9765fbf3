import type { SyncRunCounts } from '@ctct/shared-types';
import { RecordOutcome, RunRow } from './run.row';
import { CheckpointWork, RunLease, RunProgress, RunsRepository } from './runs.repository';

const EMPTY_COUNTS: SyncRunCounts = { created: 0, updated: 0, linked: 0, skipped: 0, failed: 0 };
// Between two CC calls the cancel flag is read at most this often (a page of work is usually one call anyway).
const CANCEL_CHECK_MS = 200;

/** The run's lease was taken over by another worker (ours lapsed): stop at once, it carries on there. */
export class LeaseLostError extends Error {
  constructor(runId: string) {
    super(`run ${runId} was taken over by another worker`);
  }
}

/** Cancel was asked: the job stops here, between two calls; what it saved so far is kept. */
export class RunCancelledError extends Error {
  constructor(runId: string) {
    super(`run ${runId} was cancelled`);
  }
}

/**
 * What a job sees of its run: the checkpoint it left last time (after a crash, a pause or a failure), and the
 * means to save progress. Saving is the only durable step: a job saves after each unit of work it must not redo,
 * and the outcomes it recorded since the last save are committed with that checkpoint (never one without the other).
 */
export class JobContext<Checkpoint> {
  readonly runId: string;
  readonly counts: SyncRunCounts;
  readonly notes: string[];
  private done: number;
  private total: number | null;
  private mode: string | null;
  private current: Checkpoint | null;
  private pending: RecordOutcome[] = [];
  private clearPending = false;
  private cancelCheckedAt = 0;

  constructor(
    private readonly lease: RunLease,
    private readonly runs: RunsRepository,
    private readonly row: RunRow,
  ) {
    this.runId = lease.runId;
    this.current = (row.checkpoint as Checkpoint) ?? null;
    this.counts = { ...EMPTY_COUNTS, ...(row.counts as Partial<SyncRunCounts>) } as SyncRunCounts;
    this.notes = [...(row.notes ?? [])];
    this.done = row.progress_done;
    this.total = row.progress_total;
    this.mode = row.mode;
  }

  /** Null on a fresh run; what was last saved when the run resumes. */
  get checkpoint(): Checkpoint | null {
    return this.current;
  }

  setMode(mode: string): void {
    this.mode = mode;
  }

  setTotal(total: number | null): void {
    this.total = total;
  }

  count(key: keyof SyncRunCounts | string, by = 1): void {
    this.counts[key] = (this.counts[key] ?? 0) + by;
  }

  /** Sets a count outright (a job that recounts from its own state rather than adding up). */
  setCount(key: keyof SyncRunCounts | string, value: number): void {
    this.counts[key] = value;
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  /** Records outcomes; they are written with the next save (the checkpoint of the batch they belong to). */
  async record(records: RecordOutcome[]): Promise<void> {
    this.pending.push(...records);
  }

  /** Drops what the run recorded so far (with the next save), for a job that rebuilds every outcome from its own state. */
  async clearRecords(): Promise<void> {
    this.pending = [];
    this.clearPending = true;
  }

  /**
   * Saves checkpoint, counts, progress and the outcomes recorded since the last save, in one transaction with
   * `work` (the job's own writes for the batch, which may return the batch's outcomes; `done` as a function is read
   * after `work`). Throws LeaseLostError if
   * the run is no longer ours (then nothing was written), and RunCancelledError after saving if Cancel was asked.
   */
  async save(checkpoint: Checkpoint, done: number | (() => number), work?: CheckpointWork): Promise<void> {
    const cancelRequested = await this.write(checkpoint, done, work);
    if (cancelRequested) throw new RunCancelledError(this.runId);
  }

  /** Saves what is in hand (the worker, when the job ended or stopped); never throws for a cancel. */
  async flush(): Promise<void> {
    await this.write(this.current as Checkpoint, this.done, undefined, false);
  }

  /** Throws RunCancelledError when Cancel was asked; called between CC calls (and by jobs in their own loops). */
  async throwIfCancelled(): Promise<void> {
    if (Date.now() - this.cancelCheckedAt < CANCEL_CHECK_MS) return;
    this.cancelCheckedAt = Date.now();
    if (await this.runs.cancelRequested(this.runId)) throw new RunCancelledError(this.runId);
  }

  /** The run's inputs (e.g. a bulk run's selection and target list). */
  get params(): unknown {
    return this.row.params ?? null;
  }

  /** Who asked for the run (null: the schedule). */
  get triggeredBy(): string | null {
    return this.row.triggered_by ?? null;
  }

  get progressDone(): number {
    return this.done;
  }

  private async write(checkpoint: Checkpoint, done: number | (() => number), work?: CheckpointWork, progressed = true): Promise<boolean> {
    let saved = this.done;
    const progress = (): RunProgress => {
      saved = typeof done === 'function' ? done() : done;
      return { checkpoint, counts: this.counts, done: saved, total: this.total, mode: this.mode, notes: this.notes };
    };
    const batch = { records: this.pending, clearRecords: this.clearPending, work, progressed };
    const result = await this.runs.checkpoint(this.lease, progress, batch);
    if (!result.owned) throw new LeaseLostError(this.runId);
    this.current = checkpoint;
    this.done = saved;
    this.pending = [];
    this.clearPending = false;
    return result.cancelRequested;
  }
}
