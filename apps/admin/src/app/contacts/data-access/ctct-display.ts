import { formatDate } from '@angular/common';
import type { ContactCtctStatusDto, InteractionType } from '@ctct/shared-types';
import type { IconName } from '../../shared/icon/icon';

/** CC's `permission_to_send` values. */
const PERMISSION_LABELS: Record<string, string> = {
  implicit: 'Implicit permission',
  explicit: 'Explicit permission',
  pending_confirmation: 'Pending confirmation',
  unsubscribed: 'Unsubscribed',
  temp_hold: 'Temporary hold',
  not_set: 'Not set',
};

export function permissionLabel(permission: string | null): string {
  if (!permission) return 'Unknown';
  return PERMISSION_LABELS[permission] ?? permission.replace(/_/g, ' ');
}

/** Green for permission to send, red for unsubscribed, neutral otherwise. */
export function permissionTone(permission: string | null): 'ok' | 'stop' | 'neutral' {
  if (permission === 'implicit' || permission === 'explicit') return 'ok';
  if (permission === 'unsubscribed') return 'stop';
  return 'neutral';
}

/** "Opted out by the contact on Nov 3, 2026: I no longer want these emails" */
export function optOutSentence(optOut: NonNullable<ContactCtctStatusDto['optOut']>): string {
  const who =
    optOut.source?.toLowerCase() === 'contact'
      ? 'by the contact'
      : optOut.source?.toLowerCase() === 'account'
        ? 'by your Constant Contact account'
        : optOut.source
          ? `by ${optOut.source}`
          : '';
  const when = optOut.date ? `on ${formatDate(optOut.date, 'MMM d, y', 'en-US')}` : '';
  const sentence = ['Opted out', who, when].filter(Boolean).join(' ');
  return optOut.reason ? `${sentence}: ${optOut.reason}` : sentence;
}

export const INTERACTION_META: Record<InteractionType, { label: string; icon: IconName }> = {
  email_send: { label: 'Sent', icon: 'send' },
  email_open: { label: 'Opened', icon: 'mailOpen' },
  email_click: { label: 'Clicked', icon: 'touch' },
  email_bounce: { label: 'Bounced', icon: 'reply' },
  email_forward: { label: 'Forwarded', icon: 'forward' },
  email_optout: { label: 'Opted out', icon: 'block' },
};
