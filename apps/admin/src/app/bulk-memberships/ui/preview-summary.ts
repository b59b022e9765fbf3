import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatExpansionModule } from '@angular/material/expansion';
import type { BulkOutcome, BulkPreviewDto } from '@ctct/shared-types';
import { Icon } from '../../shared/icon/icon';
import {
  OUTCOME_EXPLANATIONS,
  OUTCOME_GROUPS,
  apiCallsText,
  breakdownParts,
  formatCount,
  groupTotal,
  outcomeLabel,
} from '../data-access/bulk-display';

/**
 * Step 3: what the run would do — counts per outcome in three groups, each outcome expandable to its sample
 * rows — its API cost against today's budget, and how fresh the CC data behind it is. Presentational.
 */
@Component({
  selector: 'app-preview-summary',
  imports: [DatePipe, MatExpansionModule, Icon],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './preview-summary.html',
  styleUrl: './preview-summary.scss',
})
export class PreviewSummary {
  readonly preview = input.required<BulkPreviewDto>();

  protected readonly groups = OUTCOME_GROUPS;
  protected readonly formatCount = formatCount;
  protected readonly outcomeLabel = outcomeLabel;
  protected readonly explanations = OUTCOME_EXPLANATIONS;
  protected readonly apiCalls = computed(() => apiCallsText(this.preview().apiCalls));
  /** "imports: 1 · progress checks: 2", empty when there is nothing to send. */
  protected readonly breakdown = computed(() =>
    breakdownParts(this.preview().apiCalls.breakdown)
      .map((part) => `${part.label}: ${formatCount(part.value)}`)
      .join(' · '),
  );

  protected groupTotal(key: (typeof OUTCOME_GROUPS)[number]): number {
    return groupTotal(this.preview(), key);
  }

  protected count(outcome: BulkOutcome): number {
    return this.preview().counts[outcome] ?? 0;
  }
}
