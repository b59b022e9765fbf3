/**
 * A mirrored CC contact in a group the run matches. Groups are by loose key (email-key.ts `looseEmailKey`): every
 * contact a CRM contact could be confused with, not only those with its exact key.
 */
export interface CcCandidate {
  ctctId: string;
  address: string | null;
  /** The email key (ctct_contacts.email_normalized). */
  key: string;
  looseKey: string;
  /** Deleted in CC, or gone from it (purged). */
  deleted: boolean;
  /** Listed by this run (live or deleted). */
  seen: boolean;
  /** Found gone by this run: not listed by a full pass, or its address now held by a newer CC contact. */
  goneNow: boolean;
  /** The live CRM contact linked to it, if any (links are one-to-one). */
  heldBy: string | null;
}

/** A live CRM contact in a group the run matches. */
export interface CrmCandidate {
  crmId: string;
  /** As stored (trimmed for display). */
  email: string;
  key: string;
  looseKey: string;
  linkedTo: string | null;
  /** Its linked CC contact is deleted or gone in CC: it may follow the live CC contact with its key. */
  linkedGone: boolean;
}

export type LinkDecision =
  | { kind: 'link'; crmId: string; ctctId: string; email: string }
  | { kind: 'relink'; crmId: string; ctctId: string; fromCtctId: string; email: string }
  | { kind: 'needs-review'; crmId: string; ctctId: string; email: string; reason: string }
  | { kind: 'linked-elsewhere'; crmId: string; ctctId: string; email: string; linkedTo: string }
  | { kind: 'held-by-another'; crmId: string; ctctId: string; email: string }
  | { kind: 'link-kept'; crmId: string; ctctId: string; email: string | null; why: 'deleted' | 'gone' };

export interface LinkPlan {
  decisions: LinkDecision[];
  /** CC contacts listed by this run that no CRM contact could match (not even loosely). */
  unmatched: number;
  /** Deleted CC contacts listed by this run whose address a CRM contact has: rightly not linked, counted. */
  deletedUnlinked: number;
}

/**
 * Decides, per group of contacts sharing a loose key, what linking by email does. It never guesses:
 * - link (or re-link) only when the group holds exactly one live CC contact and exactly one CRM contact, with equal
 *   email keys, both still free (the CRM contact not linked, or linked to a CC contact that is gone);
 * - otherwise, if a free CRM contact and a free live CC contact are in the group, each free CRM contact "needs
 *   review", the reason naming both sides: two CC contacts share its key (e.g. NFC and NFD spellings, which CC keeps
 *   apart), two CRM contacts share it, or the addresses are equal only after a folding CC may not make;
 * - a link whose CC contact is deleted or gone, and that cannot follow a live one, is kept and reported.
 * One decision of kind link/relink per CRM contact and per CC contact: links are one-to-one. Pure: easy to test.
 */
export function planLinks(ccContacts: CcCandidate[], crmContacts: CrmCandidate[]): LinkPlan {
  const groups = new Map<string, { cc: CcCandidate[]; crm: CrmCandidate[] }>();
  const group = (looseKey: string) => {
    let found = groups.get(looseKey);
    if (!found) groups.set(looseKey, (found = { cc: [], crm: [] }));
    return found;
  };
  for (const cc of ccContacts) group(cc.looseKey).cc.push(cc);
  for (const crm of crmContacts) group(crm.looseKey).crm.push(crm);

  const decisions: LinkDecision[] = [];
  const movedOn = new Set<string>();
  let unmatched = 0;
  let deletedUnlinked = 0;
  for (const { cc, crm } of groups.values()) {
    const live = cc.filter((contact) => !contact.deleted);
    const freeCc = live.filter((contact) => !contact.heldBy);
    const freeCrm = crm.filter((contact) => !contact.linkedTo || contact.linkedGone);
    for (const contact of cc) {
      if (!contact.seen) continue;
      if (crm.length === 0) unmatched++;
      else if (contact.deleted && !contact.heldBy) deletedUnlinked++;
    }
    if (freeCrm.length > 0 && freeCc.length > 0) {
      for (const contact of freeCrm) {
        const reason = ambiguity(live, crm, contact);
        const email = contact.email.trim();
        if (reason) {
          const named = live.find((candidate) => candidate.key === contact.key) ?? live[0];
          decisions.push({ kind: 'needs-review', crmId: contact.crmId, ctctId: named.ctctId, email, reason });
          continue;
        }
        // Not ambiguous: this is the group's only CRM contact and its only live CC contact, with one key.
        const [only] = freeCc;
        movedOn.add(contact.crmId);
        if (contact.linkedTo)
          decisions.push({ kind: 'relink', crmId: contact.crmId, ctctId: only.ctctId, fromCtctId: contact.linkedTo, email });
        else decisions.push({ kind: 'link', crmId: contact.crmId, ctctId: only.ctctId, email });
      }
    } else if (freeCc.length > 0) {
      // Every CRM contact with this address is linked to another live CC contact: the link stays (the id is the key).
      for (const contact of crm) {
        const same = freeCc.find((candidate) => candidate.key === contact.key);
        if (same && contact.linkedTo) {
          decisions.push({
            kind: 'linked-elsewhere',
            crmId: contact.crmId,
            ctctId: same.ctctId,
            email: contact.email.trim(),
            linkedTo: contact.linkedTo,
          });
        }
      }
    } else if (freeCrm.length > 0) {
      // The CC contact with this address is linked to a CRM contact with another address (changed on either side).
      for (const contact of freeCrm) {
        const held = live.find((candidate) => candidate.key === contact.key && !crm.some((other) => other.crmId === candidate.heldBy));
        if (held) decisions.push({ kind: 'held-by-another', crmId: contact.crmId, ctctId: held.ctctId, email: contact.email.trim() });
      }
    }
  }
  // Links to CC contacts deleted or gone in CC that did not follow a live one: kept (the CRM's data is not ours to drop).
  for (const contact of ccContacts) {
    if (!contact.deleted || !contact.heldBy || movedOn.has(contact.heldBy)) continue;
    if (contact.goneNow)
      decisions.push({ kind: 'link-kept', crmId: contact.heldBy, ctctId: contact.ctctId, email: contact.address, why: 'gone' });
    else if (contact.seen)
      decisions.push({ kind: 'link-kept', crmId: contact.heldBy, ctctId: contact.ctctId, email: contact.address, why: 'deleted' });
  }
  return { decisions, unmatched, deletedUnlinked };
}

/** Why linking `crm` within its group would be a guess, naming both sides; null when it is not. */
function ambiguity(live: CcCandidate[], crm: CrmCandidate[], contact: CrmCandidate): string | null {
  if (live.length > 1) {
    return `needs review: ${live.length} Constant Contact contacts could be this contact: ${describe(live.map(ccName))}; none linked`;
  }
  const [cc] = live;
  if (crm.length > 1) {
    const others = crm.filter((other) => other !== contact).map((other) => `${other.email.trim()} (${other.crmId})`);
    return (
      `needs review: ${crm.length} CRM contacts share this email (also ${describe(others)}); ` +
      `not linked to Constant Contact's ${ccName(cc)}: merge or fix them`
    );
  }
  if (contact.key !== cc.key) {
    return (
      `needs review: Constant Contact's ${ccName(cc)} matches the CRM's ${contact.email.trim()} ` +
      `only by a case folding Constant Contact may not make; not linked`
    );
  }
  return null;
}

function ccName(cc: CcCandidate): string {
  return `${cc.address ?? '(no address)'} (${cc.ctctId})`;
}

/** At most three names, then how many more. */
function describe(names: string[]): string {
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}
