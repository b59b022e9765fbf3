import {
  DRIFT_FIELDS,
  RECONCILIATION_CLASSES,
  type DriftField,
  type FixDriftPreviewDto,
  type ReconciliationClass,
} from '@ctct/shared-types';
import type { ParamMap } from '@angular/router';
import type { ReconciliationFilter } from './reconciliation.api';

export const DRIFT_FIELD_LABELS: Record<DriftField, string> = {
  email: 'Email',
  firstName: 'First name',
  lastName: 'Last name',
  doNotEmail: 'Do Not Email',
};

/** How each class looks: the agreement is good news, drift and CC-side problems need attention. */
export const CLASS_TONES: Record<ReconciliationClass, 'ok' | 'warn' | 'stop' | 'neutral'> = {
  in_agreement: 'ok',
  drift: 'warn',
  awaiting_link: 'neutral',
  not_in_ctct: 'neutral',
  needs_review: 'warn',
  ctct_deleted: 'stop',
  ctct_unsubscribed: 'stop',
};

/** ?class=&field= ⇄ the filter; drift when none (or a wrong one) is given; a field only with drift. */
export function filterFromParams(params: ParamMap): ReconciliationFilter {
  const asked = params.get('class');
  const klass = (RECONCILIATION_CLASSES as readonly string[]).includes(asked ?? '') ? (asked as ReconciliationClass) : 'drift';
  const field = params.get('field');
  return {
    class: klass,
    field: klass === 'drift' && (DRIFT_FIELDS as readonly string[]).includes(field ?? '') ? (field as DriftField) : null,
  };
}

/** The question Fix drift asks before queuing, with the cost against today's budget. */
export function fixDriftQuestion(preview: FixDriftPreviewDto, driftCount: number): string {
  const pushes = preview.optOuts + preview.fieldUpdates;
  const { budget, apiCalls } = preview.cost;
  const parts: string[] = [];
  if (preview.optOuts) parts.push(`${preview.optOuts} ${preview.optOuts === 1 ? 'opt-out' : 'opt-outs'}`);
  if (preview.fieldUpdates) parts.push(`${preview.fieldUpdates} field ${preview.fieldUpdates === 1 ? 'update' : 'updates'}`);
  const number = new Intl.NumberFormat('en-US');
  let text =
    `Queue ${parts.join(' and ')} for Constant Contact: ${number.format(apiCalls)} API calls ` +
    `of the ${number.format(budget.remainingToday)} ` +
    `left today (${number.format(budget.perDay)} a day).`;
  if (!preview.cost.fitsToday) text += ' More than today allows: the rest go out after midnight UTC.';
  const notPushed = driftCount - pushes - preview.alreadyQueued;
  if (!preview.fieldPushesAvailable && notPushed > 0)
    text += ` Email and name drift (${number.format(notPushed)} contacts) cannot be pushed yet.`;
  return text;
}
