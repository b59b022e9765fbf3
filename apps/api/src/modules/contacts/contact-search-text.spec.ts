import { buildContactSearchSql } from './contact-search';
import { canUseSearchText, contactSearchText } from './contact-search-text';
import { SEARCH_TEXT_1763871000000 } from './migrations/1763871000000-contacts-search-trigram';

describe('the contacts search text', () => {
  it('is the expression the trigram index was built on, so PostgreSQL can use the index', () => {
    expect(contactSearchText()).toBe(SEARCH_TEXT_1763871000000);
    expect(buildContactSearchSql({ q: 'garcia' }).sql).toContain(`${SEARCH_TEXT_1763871000000} ILIKE $1`);
  });

  it('names the columns through the alias of a joined query (the bulk selection)', () => {
    expect(contactSearchText((name) => `c.${name}`)).toContain(`coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')`);
  });

  it('leaves a search containing the field separator to the per-column conditions, so it cannot match across fields', () => {
    expect(canUseSearchText('ava smith')).toBe(true);
    expect(canUseSearchText('example.com\u001fava')).toBe(false);
    expect(buildContactSearchSql({ q: 'example.com\u001fava' }).sql).toContain('email ILIKE $1 OR first_name ILIKE $1');
  });
});
