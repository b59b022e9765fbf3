import { Injectable } from '@nestjs/common';
import {
  BULK_OUTCOMES,
  type BulkMembershipRequest,
  type BulkOutcome,
  type BulkPreviewDto,
  type BulkSampleRow,
  type BulkTarget,
  type SyncRunDto,
} from '@ctct/shared-types';
import { DataSource } from 'typeorm';
import { ConflictError, ValidationFailedError } from '../../../common/domain-errors';
import { Db } from '../../../common/sql';
import { RateBudgetService } from '../../ctct/rate-budget.service';
import { CtctMirrorService } from '../../ctct-mirror/ctct-mirror.service';
import { RunsService } from '../../runs/runs.service';
import { checkedSelection, eachBulkCandidateBatch, loadBulkCandidates } from './bulk-candidates';
import { BulkCandidate, chunkImports, classifyCandidate, importRowBytes, minimumCalls } from './plan-bulk-membership';

const SAMPLES_PER_OUTCOME = 10;

export interface ResolvedTarget {
  listId: string | null;
  name: string;
  isNew: boolean;
}

export interface BulkPlan {
  target: ResolvedTarget;
  candidates: BulkCandidate[];
  outcomes: Map<string, BulkOutcome>;
}

/** Plans a bulk membership run, previews it (counts, samples, API cost) before anything is sent, and starts it. */
@Injectable()
export class BulkMembershipService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly budget: RateBudgetService,
    private readonly runs: RunsService,
    private readonly mirror: CtctMirrorService,
  ) {}

  async plan(request: BulkMembershipRequest, db: Db = this.dataSource): Promise<BulkPlan> {
    const target = await this.resolveTarget(request.target, db);
    const candidates = await loadBulkCandidates(db, request.selection, target.listId);
    const outcomes = new Map(candidates.map((candidate) => [candidate.contactId, classifyCandidate(candidate, target.listId).outcome]));
    return { target, candidates, outcomes };
  }

  /**
   * Starts a run (its progress and outcomes are the run's, under /api/sync/runs/:id). One bulk run at a time; a
   * paused one is resumed by the same request, and a different request is refused naming it (409: Resume or Cancel it).
   */
  async start(request: BulkMembershipRequest, userId: string): Promise<SyncRunDto> {
    // The request alone is the run's parameters (who asked is the run's triggered_by): the same request is the same work.
    const params: BulkMembershipRequest = { selection: request.selection, target: request.target };
    // Refuses a bad target or selection now rather than in the background; a paused run of this very request was
    // checked when it started (and its new list may exist by now), so it is resumed as it is.
    if (!(await this.runs.hasPausedRun('bulk-memberships', params))) await this.check(params);
    const { run, created } = await this.runs.requestRun('bulk-memberships', 'manual', { userId, params });
    if (!created) throw new ConflictError(`A bulk membership run is already in progress (${run.id}); wait for it to finish.`);
    return run;
  }

  /** What starting a run refuses at once: a target that is not a live list (or a taken name), a bad or too large selection. */
  async check(request: BulkMembershipRequest, db: Db = this.dataSource): Promise<void> {
    await this.resolveTarget(request.target, db);
    await checkedSelection(db, request.selection);
  }

  /**
   * Counts, samples and the API cost of the run this request would start. The selection is read a batch at a time
   * (eachBulkCandidateBatch), so memory stays flat up to the largest selection; only each create's import size is kept.
   */
  async preview(request: BulkMembershipRequest): Promise<BulkPreviewDto> {
    const target = await this.resolveTarget(request.target, this.dataSource);
    const counts = Object.fromEntries(BULK_OUTCOMES.map((outcome) => [outcome, 0])) as Record<BulkOutcome, number>;
    const samples = Object.fromEntries(BULK_OUTCOMES.map((outcome) => [outcome, []])) as unknown as Record<BulkOutcome, BulkSampleRow[]>;
    const createBytes: number[] = [];
    let total = 0;
    await eachBulkCandidateBatch(this.dataSource, request.selection, target.listId, (batch) => {
      for (const candidate of batch) {
        const outcome = classifyCandidate(candidate, target.listId).outcome;
        total += 1;
        counts[outcome] += 1;
        if (samples[outcome].length < SAMPLES_PER_OUTCOME) {
          samples[outcome].push({
            contactId: candidate.contactId,
            name: [candidate.firstName, candidate.lastName].filter(Boolean).join(' ') || '(no name)',
            email: candidate.email,
            ctctContactId: candidate.ctct?.contactId ?? null,
          });
        }
        if (outcome === 'create') createBytes.push(importRowBytes(candidate));
      }
    });
    const importRequests = chunkImports(createBytes, (bytes) => bytes).length;
    const calls = minimumCalls({
      creates: createBytes.length,
      importRequests,
      adds: counts.add_linked + counts.link_and_add,
      newList: target.isNew,
    });
    const activities = calls.imports + calls.addMemberships;
    // One activities listing per polling round covers every activity of the run; a couple of rounds is typical.
    const polling = activities > 0 ? 2 : 0;
    const estimate = calls.createList + calls.imports + calls.addMemberships + calls.readBackCreated + polling;
    // Compared with what jobs and bulk runs may still use today: the push reserve is not theirs.
    const forecast = await this.budget.forecastRun(estimate, "this preview's estimate");
    const syncedAt = await this.mirror.contactsSyncedAt(this.dataSource);
    return {
      total,
      counts,
      samples,
      target,
      apiCalls: {
        estimate,
        breakdown: { ...calls, polling },
        remainingToday: forecast.leftForRuns,
        fitsToday: forecast.fits,
        ...(forecast.note ? { note: forecast.note } : {}),
      },
      mirrorSyncedAt: syncedAt ? new Date(syncedAt).toISOString() : null,
    };
  }

  private async resolveTarget(target: BulkTarget, db: Db): Promise<ResolvedTarget> {
    if (target.listId) {
      const list = await this.mirror.liveList(db, target.listId);
      if (!list)
        throw new ValidationFailedError([
          { field: 'target.listId', message: 'is not a live Constant Contact list (sync lists, or create a new list)' },
        ]);
      return { listId: list.list_id, name: list.name, isNew: false };
    }
    const name = target.newListName!.trim();
    const existing = await this.mirror.liveListNamed(db, name);
    if (existing)
      throw new ValidationFailedError([{ field: 'target.newListName', message: `a list named "${name}" already exists: pick it instead` }]);
    return { listId: null, name, isNew: true };
  }
}
