/**
 * What the contacts list's text search looks in: `contacts.search_text`, a stored column PostgreSQL keeps as
 * lower(email || U+001F || first_name || ' ' || last_name || U+001F || job_title) (migration 1764300000000),
 * served by one trigram index. Matching `%q%` there is matching it in the email, the first name, the last name,
 * "first last" or the job title, as the per-column ILIKEs did — the unit separator U+001F keeps a match from
 * spanning two fields, as long as the search itself does not contain it (`canUseSearchText`).
 */
export const SEARCH_TEXT_SEPARATOR = '\u001f';

/** False for the one text the joined column cannot answer alone: a search containing the separator itself. */
export function canUseSearchText(text: string): boolean {
  return !text.includes(SEARCH_TEXT_SEPARATOR);
}
