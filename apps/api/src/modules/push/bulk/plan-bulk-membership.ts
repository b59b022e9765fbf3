import type { BulkOutcome } from '@ctct/shared-types';
import { isPlausibleEmail } from '../../contacts/email';
import { ctctAddressOf, ctctRefusalOf } from '../../ctct/ctct-email';

export const IMPORT_MAX_ROWS = 40_000;
// CC silently drops data past 4 MB of request body. Counted in UTF-8 bytes (what travels), against the smaller
// reading of "4 MB", less room for the rest of the body (`{"import_data":[…],"list_ids":[…]}`, ≤50 list ids).
export const IMPORT_MAX_BYTES = 4_000_000 - 4_000;
export const MEMBERSHIP_BATCH = 500;
export const READ_BACK_PAGE = 500;

/** A selected CRM contact with what the mirror knows of it in CC. */
export interface BulkCandidate {
  contactId: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  doNotEmail: boolean;
  /** 1 for the first contact with this normalized email in the selection, 2+ for the others. */
  emailRank: number;
  linkedCtctId: string | null;
  /**
   * The CC contact: the linked one, or the one with this email when not linked. `listIds` holds only the lists the
   * classification asks about (the target list, when the contact is in it), not all of its lists.
   */
  ctct: { contactId: string; permission: string | null; deleted: boolean; listIds: string[] } | null;
  /** Not linked, and the match in CC is ambiguous (bulk-candidates.ts): why, naming both sides. */
  needsReview?: string | null;
}

export interface BulkPlanItem {
  contactId: string;
  outcome: BulkOutcome;
  ctctContactId: string | null;
  /** Why, when the outcome alone does not say it all (CC's refusal of the address). */
  reason?: string;
}

/** Decides each contact's outcome for a target list. Pure: the preview and the run use the same rules. */
export function classifyCandidate(candidate: BulkCandidate, targetListId: string | null): BulkPlanItem {
  const result = (outcome: BulkOutcome): BulkPlanItem => ({
    contactId: candidate.contactId,
    outcome,
    ctctContactId: candidate.ctct?.contactId ?? null,
  });
  const email = candidate.email?.trim() ?? '';
  if (!email) return result('skip_no_email');
  if (!isPlausibleEmail(email)) return result('skip_invalid_email');
  if (candidate.doNotEmail) return result('skip_do_not_email');
  if (candidate.emailRank > 1) return result('skip_duplicate_email');
  // Never linked, nor created (an import would land on whichever contact CC picks), across an ambiguous match.
  if (candidate.needsReview) return { ...result('skip_needs_review'), reason: candidate.needsReview };
  const ctct = candidate.ctct;
  if (!ctct) {
    // Only a new contact's address travels (in the import); one CC refuses would make it refuse the whole chunk.
    const refusal = ctctRefusalOf(email, 'import');
    return refusal ? { ...result('skip_refused_by_ctct'), reason: refusal } : result('create');
  }
  if (ctct.deleted) return result('skip_deleted_in_ctct');
  if (ctct.permission === 'unsubscribed') return result('skip_unsubscribed');
  if (targetListId && ctct.listIds.includes(targetListId)) return result('already_member');
  return result(candidate.linkedCtctId ? 'add_linked' : 'link_and_add');
}

/** One import row as CC's contacts_json_import takes it: only what the CRM pushes. */
export function importRow(candidate: Pick<BulkCandidate, 'email' | 'firstName' | 'lastName'>): Record<string, string> {
  const row: Record<string, string> = { email: ctctAddressOf(candidate.email)! };
  // The contract's 50 counts characters (code points): never cut a character in two.
  if (candidate.firstName) row.first_name = [...candidate.firstName].slice(0, 50).join('');
  if (candidate.lastName) row.last_name = [...candidate.lastName].slice(0, 50).join('');
  return row;
}

/** The UTF-8 bytes an import row takes in the request body. */
export function importRowBytes(candidate: Pick<BulkCandidate, 'email' | 'firstName' | 'lastName'>): number {
  return Buffer.byteLength(JSON.stringify(importRow(candidate)));
}

/** Splits import rows into requests within CC's limits (rows, and bytes as `sizeOf` counts them: see importRowBytes). */
export function chunkImports<T>(rows: T[], sizeOf: (row: T) => number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = sizeOf(row) + 1;
    if (current.length && (current.length >= IMPORT_MAX_ROWS || bytes + size > IMPORT_MAX_BYTES)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += size;
  }
  if (current.length) chunks.push(current);
  return chunks;
}

/** The fewest calls the API allows for a plan (activity polling not included). */
export function minimumCalls(plan: { creates: number; importRequests: number; adds: number; newList: boolean }): {
  createList: number;
  imports: number;
  addMemberships: number;
  readBackCreated: number;
} {
  return {
    createList: plan.newList ? 1 : 0,
    imports: plan.importRequests,
    addMemberships: Math.ceil(plan.adds / MEMBERSHIP_BATCH),
    readBackCreated: Math.ceil(plan.creates / READ_BACK_PAGE),
  };
}
