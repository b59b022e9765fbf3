import { cleanEmail, emailDomainKey, emailKey } from './email-key';

/**
 * Email rules shared by the contacts API, linking and the bulk membership preview. Matching is on the email key
 * (`email-key.ts`), the value of the database's email_normalized column.
 */

/** @deprecated the email key under its old name; call `emailKey`. */
export const normalizeEmail = emailKey;

// Deliberately plain: one @, no spaces or specials in the local part, a dot in the domain. Whether CC would take
// the address (its length limits, ASCII-only domains) is decided where we push: see ctct/ctct-email.ts.
const PLAUSIBLE_LOCAL = /^[^\s@"(),:;<>[\\\]]+$/;
// The domain's ASCII (IDNA) form: letters, digits, hyphens and underscores in labels, a top-level domain of
// letters or an IDNA "xn--" label.
const PLAUSIBLE_ASCII_DOMAIN = /^(?:[a-z0-9_-]+\.)+(?:[a-z]{2,}|xn--[a-z0-9-]+)$/;

/**
 * Plausible enough to keep in the CRM. The domain is judged in its IDNA form, so an internationalised domain
 * ("bücher.de") passes and one that IDNA refuses (and that therefore has no proper email key) does not.
 */
export function isPlausibleEmail(email: string): boolean {
  const address = cleanEmail(email);
  if (!address || address.length > 254 || address.includes('..')) return false;
  const at = address.lastIndexOf('@');
  if (at <= 0) return false;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  return PLAUSIBLE_LOCAL.test(local) && PLAUSIBLE_ASCII_DOMAIN.test(emailDomainKey(domain));
}
