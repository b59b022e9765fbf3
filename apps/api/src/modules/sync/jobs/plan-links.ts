/** One CRM contact whose normalized email equals a CC contact's. */
export interface EmailMatch {
  ctctId: string;
  ctctDeleted: boolean;
  email: string;
  crmId: string;
  /** The CC id this CRM contact is already linked to, if any. */
  crmLinkedTo: string | null;
}

export type LinkDecision =
  | { kind: 'link'; crmId: string; ctctId: string; email: string }
  | { kind: 'ambiguous'; crmIds: string[]; ctctId: string; email: string }
  | { kind: 'linked-elsewhere'; crmId: string; ctctId: string; email: string; linkedTo: string }
  | { kind: 'deleted-after-link'; crmId: string; ctctId: string; email: string };

/**
 * Decides, per CC contact, what linking by email should do. It never guesses: two CRM contacts with the same
 * email, or a CRM contact already linked to another CC contact, are reported, not linked. A CC contact deleted
 * after linking is reported (the link is kept: the CRM's data is not ours to drop). Pure: easy to test.
 */
export function planLinks(matches: EmailMatch[]): LinkDecision[] {
  const byCtct = new Map<string, EmailMatch[]>();
  for (const match of matches) {
    const group = byCtct.get(match.ctctId) ?? [];
    group.push(match);
    byCtct.set(match.ctctId, group);
  }
  const decisions: LinkDecision[] = [];
  for (const [ctctId, group] of byCtct) {
    const { email, ctctDeleted } = group[0];
    const alreadyLinked = group.filter((match) => match.crmLinkedTo === ctctId);
    if (ctctDeleted) {
      for (const match of alreadyLinked) decisions.push({ kind: 'deleted-after-link', crmId: match.crmId, ctctId, email });
      continue;
    }
    if (alreadyLinked.length > 0) continue;
    if (group.length > 1) {
      decisions.push({ kind: 'ambiguous', crmIds: group.map((match) => match.crmId), ctctId, email });
      continue;
    }
    const [only] = group;
    if (only.crmLinkedTo) decisions.push({ kind: 'linked-elsewhere', crmId: only.crmId, ctctId, email, linkedTo: only.crmLinkedTo });
    else decisions.push({ kind: 'link', crmId: only.crmId, ctctId, email });
  }
  return decisions;
}
