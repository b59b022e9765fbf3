import { countLabel, countsSummary, orderedCounts } from './run-counts';

describe('run counts in words', () => {
  it('never shows an internal counter key', () => {
    expect(countLabel('ctctDeletedUnlinked')).toBe('deleted in Constant Contact, never linked');
    expect(countLabel('add_linked')).toBe('Already in Constant Contact');
    expect(countLabel('skip_no_email')).toBe('Skipped: no email');
    expect(countLabel('someNewCounter')).toBe('some new counter');
    expect(countLabel('some_new_counter')).toBe('some new counter');
  });

  it("sums a bulk run up in the wizard's words", () => {
    const counts = { created: 3, updated: 5, linked: 1, skipped: 2, failed: 0, create: 3, add_linked: 5, link_and_add: 1, skip_no_email: 2 };
    expect(countsSummary(counts, 'bulk-memberships')).toBe(
      'New in Constant Contact: 3 · Already in Constant Contact: 5 · Found in Constant Contact by email: 1 · Skipped: no email: 2',
    );
    expect(orderedCounts(counts, 'bulk-memberships').map((c) => c.key)).not.toContain('created');
  });

  it('sums a sync run up with its own counters after the five outcomes', () => {
    expect(countsSummary({ created: 0, updated: 2, linked: 480, skipped: 20, failed: 3, optOuts: 4 })).toBe(
      '2 updated · 480 linked · 20 skipped · 3 failed · 4 opt-outs brought into the CRM',
    );
    expect(countsSummary({ created: 0, updated: 0, linked: 0, skipped: 0, failed: 0 })).toBe('No changes');
  });
});
