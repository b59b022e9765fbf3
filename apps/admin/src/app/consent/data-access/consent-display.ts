import type { ConsentActorType, ConsentEventDto, ConsentEventKind, ConsentServiceStatus, ConsentSource } from '@ctct/shared-types';

export const CONSENT_KIND_LABELS: Record<ConsentEventKind, string> = {
  do_not_email_set: 'Do Not Email turned on',
  do_not_email_cleared: 'Do Not Email turned off',
  opt_out_queued: 'Opt-out queued for Constant Contact',
  opt_out_delivered: 'Unsubscribed in Constant Contact',
  opt_out_not_sent: 'Opt-out not sent',
  opt_out_failed: 'Opt-out failed',
  ctct_opt_out_imported: 'Opted out in Constant Contact',
  resubscribe_requested: 'Re-subscribe email requested',
};

const SOURCE_LABELS: Record<ConsentSource, string> = {
  crm: 'CRM',
  push: 'push delivery',
  'link-contacts': 'link contacts run',
  activities: 'engagement run',
  reconciliation: 'Reconciliation → Fix drift',
};

/** "admin@example.com · CRM", "the contact, in Constant Contact · link contacts run". */
export function consentActorLine(event: Pick<ConsentEventDto, 'actorLabel' | 'actorType' | 'source'>): string {
  const who = event.actorLabel ?? ACTOR_FALLBACK[event.actorType];
  return `${who} · ${SOURCE_LABELS[event.source] ?? event.source}`;
}

const ACTOR_FALLBACK: Record<ConsentActorType, string> = {
  crm_user: 'a CRM user',
  ctct_contact: 'the contact, in Constant Contact',
  ctct_account: 'the Constant Contact account',
  integration: 'ctct-connect',
};

/** Whether the event took email permission away (shown in the stop colour) or is a step on the way. */
export function consentTone(kind: ConsentEventKind): 'stop' | 'ok' | 'warn' | 'neutral' {
  if (kind === 'opt_out_failed') return 'warn';
  if (kind === 'opt_out_delivered' || kind === 'ctct_opt_out_imported' || kind === 'do_not_email_set') return 'stop';
  if (kind === 'do_not_email_cleared' || kind === 'resubscribe_requested') return 'ok';
  return 'neutral';
}

/** "45 s", "12 min", "3 h 5 min", "4 days". */
export function formatAge(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3_600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86_400) {
    const hours = Math.floor(seconds / 3_600);
    const minutes = Math.floor((seconds % 3_600) / 60);
    return minutes ? `${hours} h ${minutes} min` : `${hours} h`;
  }
  const days = Math.floor(seconds / 86_400);
  return days === 1 ? '1 day' : `${days} days`;
}

export const SERVICE_STATUS: Record<ConsentServiceStatus, { label: string; tone: 'ok' | 'warn' | 'stop' }> = {
  ok: { label: 'On target', tone: 'ok' },
  late: { label: 'Slower than our target', tone: 'warn' },
  at_risk: { label: 'At risk: 5+ business days', tone: 'stop' },
  overdue: { label: 'Overdue: past 10 business days', tone: 'stop' },
};
