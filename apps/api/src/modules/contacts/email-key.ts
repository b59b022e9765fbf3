import { domainToASCII } from 'node:url';

/**
 * THE email key: the one definition of "these two addresses are the same contact", used by PostgreSQL matching
 * (contacts.email_normalized and ctct_contacts.email_normalized hold it), the contacts API and every CC lookup.
 *
 * Rule (each step says why):
 * 1. Trim the characters of EMAIL_SPACE_CHARS (CRM data carries stray spaces, tabs, no-break spaces).
 * 2. Unicode NFC: "é" typed as one code point or as e + combining accent is the same text; editors differ.
 * 3. Split at the last "@" (a quoted local part may itself contain "@").
 * 4. Domain: case-insensitive by DNS and IDNA. An ASCII domain is lower-cased; a domain with non-ASCII letters
 *    is mapped by UTS-46 (Node's `url.domainToASCII`, non-transitional) to its ASCII "xn--" form. The key holds
 *    the ASCII form, so "bücher.de", "BÜCHER.de" and "xn--bcher-kva.de" are one key, and for every ASCII domain
 *    the key is plain lower-casing, which PostgreSQL computes exactly (contact_email_key(), the SQL twin).
 *    A domain UTS-46 refuses keeps its NFC text, lower-cased for ASCII letters only.
 * 5. Local part: lower-cased for ASCII letters A–Z only. CC treats addresses case-insensitively and stores them
 *    lower-cased, and for ASCII letters every lower-casing agrees. For other letters they do not (Turkish I/ı/İ,
 *    German ß/ẞ/ss, Greek σ/ς, …): folding them could merge two people CC keeps apart, so the key keeps them and
 *    `equalOnlyByUnsafeFolding` tells when two addresses would be the same only after such a folding.
 * Nothing else: plus-tags and dots are part of the mailbox ("ann+news@" and "ann@" are two CC contacts).
 */
export function emailKey(raw: string | null | undefined): string | null {
  const address = cleanEmail(raw);
  if (!address) return null;
  const at = address.lastIndexOf('@');
  if (at < 0) return asciiLower(address);
  return `${asciiLower(address.slice(0, at))}@${emailDomainKey(address.slice(at + 1))}`;
}

/**
 * True when two addresses have different keys yet would be equal after a case folding CC may (or may not) apply
 * to non-ASCII letters: full lower/upper-casing, Turkish dotted/dotless i, ß → ss, final sigma, compatibility
 * forms (NFKC). Such a pair must never be linked: it is recorded as "needs review" with both sides named.
 */
export function equalOnlyByUnsafeFolding(a: string | null | undefined, b: string | null | undefined): boolean {
  const keyA = emailKey(a);
  const keyB = emailKey(b);
  if (!keyA || !keyB || keyA === keyB) return false;
  return looseEmailKey(a) === looseEmailKey(b);
}

/**
 * The key with every folding `equalOnlyByUnsafeFolding` allows applied to the local part: two addresses with
 * equal loose keys but different keys need review. One value per address, so a database can group by it.
 */
export function looseEmailKey(raw: string | null | undefined): string | null {
  const address = cleanEmail(raw);
  if (!address) return null;
  const at = address.lastIndexOf('@');
  const local = at < 0 ? address : address.slice(0, at);
  const folded = local
    .normalize('NFKC')
    .toLowerCase()
    .toUpperCase()
    .toLowerCase()
    // Turkish: İ lower-cases to i + combining dot above, ı upper-cases to I; all four i's are one letter here.
    .replace(/i\u0307/g, 'i')
    .replace(/ı/g, 'i')
    // Greek final sigma is a position-dependent spelling of σ.
    .replace(/ς/g, 'σ')
    .normalize('NFC');
  return at < 0 ? folded : `${folded}@${emailDomainKey(address.slice(at + 1))}`;
}

/** The domain part of the key: ASCII lower-casing, or UTS-46 to the ASCII (punycode) form for non-ASCII domains. */
export function emailDomainKey(domain: string): string {
  if (isAscii(domain)) return asciiLower(domain);
  return domainToASCII(domain) || asciiLower(domain);
}

/**
 * The characters trimmed from both ends: what JavaScript's String.prototype.trim removes (ECMAScript WhiteSpace
 * and LineTerminator), spelled out so that the SQL function trims exactly the same set.
 */
export const EMAIL_SPACE_CHARS =
  '\t\n\u000b\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';

const EDGE_SPACE = new RegExp(`^[${EMAIL_SPACE_CHARS}]+|[${EMAIL_SPACE_CHARS}]+$`, 'gu');

/** Trimmed and NFC: the address as typed, minus invisible differences. Null when blank. */
export function cleanEmail(raw: string | null | undefined): string | null {
  const trimmed = raw?.replace(EDGE_SPACE, '').normalize('NFC');
  return trimmed ? trimmed : null;
}

function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

function isAscii(text: string): boolean {
  // eslint-disable-next-line no-control-regex -- the ASCII range starts at NUL; the class must include the controls
  return /^[\x00-\x7f]*$/.test(text);
}
