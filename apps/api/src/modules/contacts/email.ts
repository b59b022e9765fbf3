/**
 * Email rules shared by the contacts API, linking and the bulk membership preview.
 * Matching is on the normalized form (trimmed, lower-cased), the same as the database's email_normalized column.
 */
export function normalizeEmail(raw: string | null | undefined): string | null {
  const trimmed = raw?.trim().toLowerCase();
  return trimmed ? trimmed : null;
}

// Deliberately plain: one @, a dot in the domain, no spaces, CC's 80-character limit is checked where we push.
const PLAUSIBLE_EMAIL = /^[^\s@"(),:;<>[\\\]]+@[^\s@"(),:;<>[\\\]]+\.[a-z]{2,}$/i;

export function isPlausibleEmail(email: string): boolean {
  return email.length <= 254 && PLAUSIBLE_EMAIL.test(email) && !email.includes('..');
}
