/**
 * The text the contacts list's search looks in: email, "first last" and job title of a contact, in one string
 * that a single trigram index (migration 1763871000000) serves. Fields are joined by the unit separator (U+001F),
 * which no search can contain (see `canUseSearchText`), so a match never spans two fields: matching `%q%` here
 * is matching it in the email, the first name, the last name, "first last" or the job title, as before.
 *
 * The expression must stay textually identical to the index's, or PostgreSQL no longer uses the index.
 */
export function contactSearchText(col: (name: string) => string = (name) => name): string {
  return (
    `(coalesce(${col('email')}, '') || E'\\x1f' || coalesce(${col('first_name')}, '') || ' ' || coalesce(${col('last_name')}, '')` +
    ` || E'\\x1f' || coalesce(${col('job_title')}, ''))`
  );
}

/** False for the one text the joined string cannot answer alone: a search containing the separator itself. */
export function canUseSearchText(text: string): boolean {
  return !text.includes('\u001f');
}
