import type { ReconciliationClass } from '@ctct/shared-types';

/** Each class's name on the page and what will fix it (the order is the page's). */
export const CLASS_INFO: Record<ReconciliationClass, { label: string; fix: string }> = {
  in_agreement: { label: 'Linked and in agreement', fix: 'Nothing to do.' },
  drift: {
    label: 'Linked, with drift',
    fix:
      'Fix drift queues the pushes that make Constant Contact match the CRM: an opt-out for Do Not Email, a field update ' +
      'for email and names (the CRM wins; Constant Contact permission is never touched by a field update).',
  },
  awaiting_link: {
    label: 'In Constant Contact, not linked yet',
    fix: 'The next link contacts run links them (Sync → link contacts → Sync now).',
  },
  not_in_ctct: {
    label: 'Not in Constant Contact',
    fix: 'Nothing to fix: they reach Constant Contact when the CRM adds them to a list (membership, type rule or the bulk wizard).',
  },
  needs_review: {
    label: 'Needs review',
    fix:
      'The email is ambiguous: merge or correct the CRM duplicates, or correct the address. The link run links only a unique ' +
      'exact match, and never one that matches only by a non-ASCII case folding.',
  },
  ctct_deleted: {
    label: 'Constant Contact contact deleted',
    fix:
      'Deleted in Constant Contact: it gets no email. Restore it there if that was a mistake ' +
      '(the integration never revives a deleted contact).',
  },
  ctct_unsubscribed: {
    label: 'Constant Contact unsubscribed',
    fix:
      'Constant Contact will not email them. Turn Do Not Email on in the CRM (or let the link run do it: Settings → opt-out sets ' +
      'Do Not Email); only the person can opt back in, through Constant Contact’s re-subscribe email.',
  },
};
