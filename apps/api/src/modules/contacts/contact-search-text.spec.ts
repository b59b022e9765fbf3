import { contactFilterConditions, contactSearchPlans, TEXT_SEARCH_WINDOW } from './contact-search';

const params = () => {
  const values: unknown[] = [];
  return { values, param: (value: unknown) => `$${values.push(value)}` };
};

describe('the contacts text search', () => {
  it('looks in the stored search text (through contact_search) with the text lower-cased and its LIKE wildcards escaped', () => {
    const { values, param } = params();
    expect(contactFilterConditions({ q: '  50%_off ' }, param, 'c')).toEqual([
      'c.id IN (SELECT contact_id FROM contact_search WHERE search_text LIKE lower($1))',
    ]);
    expect(values).toEqual(['%50\\%\\_off%']);
  });

  it('leaves a search containing the field separator to the per-column conditions, so it cannot match across fields', () => {
    const { param } = params();
    expect(contactFilterConditions({ q: 'example.com\u001fava' }, param)[0]).toContain('email ILIKE $1 OR first_name ILIKE $1');
  });

  it('reads a window of the sort order first, then every match, and takes the first that fills the page', () => {
    const [window, matches] = contactSearchPlans({ q: 'garcia', type: 'lead', limit: 50 });
    expect(window.sql).toContain(
      `WITH window_rows AS (SELECT id, sort_name AS sort_value, search_text FROM contacts WHERE deleted_at IS NULL AND type = $1` +
        ` ORDER BY sort_name ASC, id ASC LIMIT $2), page AS (SELECT id, sort_value FROM window_rows WHERE search_text LIKE lower($3)`,
    );
    expect(window.params).toEqual(['lead', TEXT_SEARCH_WINDOW, '%garcia%', 51]);
    expect(window.answers(new Array(51))).toBe(true);
    expect(window.answers(new Array(50))).toBe(false);
    expect(matches.sql).toMatch(
      /^WITH page AS \(SELECT id, sort_value FROM \(SELECT s.contact_id AS id, s.sort_name AS sort_value FROM contact_search s WHERE s.search_text LIKE lower\(\$1\) AND s.type = \$2 OFFSET 0\) AS matches ORDER BY sort_value ASC, id ASC LIMIT \$3\)/,
    );
    expect(matches.answers([])).toBe(true);
  });

  it('reads the sort order once when there is no text', () => {
    const plans = contactSearchPlans({ type: 'lead', sort: '-updatedAt' });
    expect(plans).toHaveLength(1);
    expect(plans[0].sql).toContain('ORDER BY updated_at DESC, id DESC LIMIT $2');
  });
});
