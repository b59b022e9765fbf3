import { convertToParamMap } from '@angular/router';
import type { FixDriftPreviewDto } from '@ctct/shared-types';
import { filterFromParams, fixDriftQuestion } from './reconciliation-display';

const budget = { perSecond: 4, perDay: 10_000, usedToday: 9_900, remainingToday: 100, quotaExhaustedUntil: null };

describe('reconciliation display', () => {
  it('reads the class and drift field from the URL, drift by default, a field only with drift', () => {
    expect(filterFromParams(convertToParamMap({}))).toEqual({ class: 'drift', field: null });
    expect(filterFromParams(convertToParamMap({ class: 'drift', field: 'lastName' }))).toEqual({ class: 'drift', field: 'lastName' });
    expect(filterFromParams(convertToParamMap({ class: 'needs_review', field: 'lastName' }))).toEqual({
      class: 'needs_review',
      field: null,
    });
    expect(filterFromParams(convertToParamMap({ class: 'everything', field: 'shoeSize' }))).toEqual({ class: 'drift', field: null });
  });

  it('asks with both kinds of push and says when today’s quota does not cover them', () => {
    const preview: FixDriftPreviewDto = {
      optOuts: 1,
      fieldUpdates: 60,
      fieldPushesAvailable: true,
      alreadyQueued: 0,
      cost: { apiCalls: 122, budget, fitsToday: false },
    };
    expect(fixDriftQuestion(preview, 61)).toBe(
      'Queue 1 opt-out and 60 field updates for Constant Contact: 122 API calls of the 100 left today (10,000 a day). ' +
        'More than today allows: the rest go out after midnight UTC.',
    );
  });
});
