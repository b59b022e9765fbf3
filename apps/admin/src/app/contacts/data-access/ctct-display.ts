import { formatDate } from '@angular/common';
import type { ContactCtctStatusDto, InteractionType, PushDto } from '@ctct/shared-types';
import { plainMessage } from '../../shared/wording/plain-language';
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

/** What the record says about the contact's last opt-out push. */
export interface PushMessage {
  tone: 'ok' | 'pending' | 'failed' | 'neutral';
  text: string;
  /** The API's own words (an error, CC's answer) for the Details disclosure. */
  detail: string | null;
}

/**
 * The newest opt-out push, told as it matters *now*: with Do Not Email off, an earlier delivery is history and
 * says nothing (a stale "delivered" would suggest the person is unsubscribed); with it on, where the opt-out
 * stands — on its way, retrying, failed, or what Constant Contact did with it.
 */
export function optOutPushMessage(push: PushDto | null, doNotEmail: boolean): PushMessage | null {
  if (!push) return null;
  if (!doNotEmail) {
    return push.status === 'superseded'
      ? { tone: 'neutral', text: 'Not sent to Constant Contact: Do Not Email was turned off before it went out.', detail: null }
      : null;
  }
  switch (push.status) {
    case 'pending':
    case 'delivering': {
      if (!push.lastError) return { tone: 'pending', text: 'Sending the opt-out to Constant Contact…', detail: null };
      const why = plainMessage(push.lastError);
      return {
        tone: 'pending',
        text: `Not in Constant Contact yet, retrying by itself (attempt ${push.attempts}). ${why.text}`,
        detail: push.lastError,
      };
    }
    case 'failed': {
      const why = plainMessage(push.lastError);
      return { tone: 'failed', text: `The opt-out could not be sent to Constant Contact. ${why.text}`.trim(), detail: push.lastError };
    }
    case 'superseded':
      return null;
    case 'delivered':
      return deliveredMessage(push);
  }
}

function deliveredMessage(push: PushDto): PushMessage | null {
  const outcome = push.outcome ?? '';
  const when = push.deliveredAt ? ` (${formatDate(push.deliveredAt, 'MMM d, HH:mm', 'en-US')})` : '';
  if (/turned off (again )?before/i.test(outcome)) return null;
  if (/already unsubscribed/i.test(outcome)) return { tone: 'ok', text: `Already unsubscribed in Constant Contact${when}.`, detail: null };
  if (/^unsubscribed/i.test(outcome)) return { tone: 'ok', text: `Unsubscribed in Constant Contact${when}.`, detail: null };
  if (/not in Constant Contact/i.test(outcome)) {
    const text = 'Not in Constant Contact, so there was nothing to unsubscribe there. Do Not Email keeps the CRM from emailing them.';
    return { tone: 'neutral', text, detail: outcome };
  }
  if (/deleted in Constant Contact/i.test(outcome)) {
    return { tone: 'neutral', text: 'Deleted in Constant Contact, so there was nothing to unsubscribe there.', detail: outcome };
  }
  const text = outcome ? `${outcome.charAt(0).toUpperCase()}${outcome.slice(1)}${when}.` : `Sent to Constant Contact${when}.`;
  return { tone: 'ok', text, detail: null };
}

/** Where a field push (email or names) stands: the subject says what it carries. */
export function fieldPushMessage(push: PushDto | null, subject: string): PushMessage | null {
  if (!push) return null;
  switch (push.status) {
    case 'delivered':
      return { tone: 'ok', text: `${subject}: ${push.outcome ?? 'updated in Constant Contact'}.`, detail: null };
    case 'failed':
      return {
        tone: 'failed',
        text: `${subject}: not updated in Constant Contact. Correct the contact and save it again, or see Reconciliation.`,
        detail: push.lastError,
      };
    case 'superseded':
      return null;
    default:
      return push.lastError
        ? { tone: 'pending', text: `${subject}: Constant Contact did not answer yet; retrying by itself.`, detail: push.lastError }
        : { tone: 'pending', text: `${subject}: on its way to Constant Contact…`, detail: null };
  }
}
