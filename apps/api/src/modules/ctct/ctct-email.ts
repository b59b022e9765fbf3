import { cleanEmail, emailDomainKey } from '../contacts/email-key';

/**
 * How an email address travels to Constant Contact, and which addresses CC's contract refuses. Pure functions:
 * the bulk planner, push delivery and every lookup use them, so what we send, what we look up and what we skip
 * follow one rule. The CRM keeps every plausible address; only what would reach CC is judged here.
 */

/** Where the address goes: contacts_json_import rows and sign_up_form (≤50), or POST/PUT /contacts (≤80). */
export type CtctEmailUse = 'import' | 'contact';

/** The contract's maxLength: JsonImportContact.email and ContactCreateOrUpdateInput 50, EmailAddressPost/Put 80. */
export const CTCT_EMAIL_MAX_LENGTH: Record<CtctEmailUse, number> = { import: 50, contact: 80 };

// What CC accepts (as the sandbox does, see apps/ctct-sandbox contact.model.ts): no spaces or specials before the
// @, and an ASCII domain of letter/digit/hyphen labels with at least one dot.
const CTCT_EMAIL_FORMAT = /^[^\s@"(),:;<>[\]\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/**
 * The address as we send it to CC when creating or importing a contact: trimmed, NFC, the domain in its ASCII
 * (IDNA) form — the only domain form CC takes, and a spelling every mail system delivers to the same mailbox.
 * The local part is sent as typed (CC lower-cases it when it stores it).
 */
export function ctctAddressOf(raw: string | null | undefined): string | null {
  const address = cleanEmail(raw);
  if (!address) return null;
  const at = address.lastIndexOf('@');
  return at < 0 ? address : `${address.slice(0, at)}@${emailDomainKey(address.slice(at + 1))}`;
}

/**
 * The `email=` value of a lookup (`GET /contacts?email=…&status=all`). CC stores addresses lower-cased and its
 * filter matches only that form, so the address is sent trimmed and lower-cased (domain in ASCII form). A found
 * contact is still compared by email key before it is linked: a lookup may find an address that equals ours only
 * after lower-casing non-ASCII letters, which is never linked (see `equalOnlyByUnsafeFolding`).
 */
export function ctctLookupEmail(raw: string | null | undefined): string | null {
  const address = ctctAddressOf(raw);
  if (!address) return null;
  const at = address.lastIndexOf('@');
  return at < 0 ? address.toLowerCase() : `${address.slice(0, at).toLowerCase()}${address.slice(at)}`;
}

/**
 * Why CC would refuse this address for `use`, or null when it would take it. Such an address stays in the CRM;
 * pushes and the bulk wizard skip the contact with this reason instead of sending a request CC refuses (a refused
 * row makes CC refuse a whole import chunk).
 */
export function ctctRefusalOf(raw: string | null | undefined, use: CtctEmailUse = 'import'): string | null {
  const address = ctctAddressOf(raw);
  if (!address) return 'no email address';
  const max = CTCT_EMAIL_MAX_LENGTH[use];
  // UTF-16 units: never fewer than the code points the contract counts, so nothing over the limit slips through.
  if (address.length > max) {
    const where = use === 'import' ? 'in an import' : 'on a contact';
    return `Constant Contact accepts at most ${max} characters ${where}; this address has ${address.length}`;
  }
  if (!CTCT_EMAIL_FORMAT.test(address) || address.includes('..')) return 'Constant Contact does not accept this address format';
  return null;
}
