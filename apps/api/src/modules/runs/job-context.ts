import type { SyncRunCounts } from '@ctct/shared-types';
import { RecordOutcome, RunRow } from './run.row';
import { RunLease, RunsRepository } from './runs.repository';

const EMPTY_COUNTS: SyncRunCounts = { created: 0, updated: 0, linked: 0, skipped: 0, failed: 0 };

/** The run's lease was taken over by another worker (ours lapsed): stop at once, it carries on there. */
export class LeaseLostError extends Error {
  constructor(runId: string) {
    super(`run ${runId} was taken over by another worker`);
  }
}

/**
 * What a job sees of its run: the checkpoint it left last time (after a crash or a pause), and the means to
 * save progress. Saving is the only durable step: a job saves after each unit of work it must not redo.
 */
export class JobContext<Checkpoint> {
  readonly runId: string;
  readonly counts: SyncRunCounts;
  readonly notes: string[];
  private done: number;
  private total: number | null;
  private mode: string | null;
  private current: Checkpoint | null;

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

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  async record(records: RecordOutcome[]): Promise<void> {
    await this.runs.recordOutcomes(this.runId, records);
  }

  /** Drops what the run recorded so far, for a job that rebuilds every outcome from its own state (idempotent on resume). */
  async clearRecords(): Promise<void> {
    await this.runs.clearOutcomes(this.runId);
  }

  /** Saves checkpoint, counts and progress together; throws LeaseLostError if the run is no longer ours. */
  async save(checkpoint: Checkpoint, done: number): Promise<void> {
    this.current = checkpoint;
    this.done = done;
    const owned = await this.runs.checkpoint(this.lease, {
      checkpoint,
      counts: this.counts,
      done,
      total: this.total,
      mode: this.mode,
      notes: this.notes,
    });
    if (!owned) throw new LeaseLostError(this.runId);
  }

  /** The run's inputs (e.g. a bulk run's selection and target list). */
  get params(): unknown {
    return this.row.params ?? null;
  }

  get progressDone(): number {
    return this.done;
  }
}
