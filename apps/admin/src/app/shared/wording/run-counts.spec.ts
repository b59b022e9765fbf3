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
    const counts = {
      created: 3,
      updated: 5,
      linked: 1,
      skipped: 2,
      failed: 0,
      create: 3,
      add_linked: 5,
      link_and_add: 1,
      skip_no_email: 2,
    };
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

  it('words the identity and lifecycle outcomes, and shows them only when a run had some', () => {
    const counts = { created: 0, updated: 0, linked: 4, relinked: 1, needs_review: 2, sent: 0, skipped: 0, failed: 0 };
    expect(countsSummary(counts)).toBe('4 linked · 1 re-linked · 2 need review');
    expect(orderedCounts({ created: 0, updated: 0, linked: 0, skipped: 0, failed: 0 }).map((c) => c.key)).toEqual([
      'created',
      'updated',
      'linked',
      'skipped',
      'failed',
    ]);
    expect(countLabel('skip_needs_review')).toBe('Skipped: needs review (more than one possible match)');
  });

  it('counts what a stopped bulk run sent but Constant Contact had not confirmed', () => {
    const counts = { create: 500, skip_needs_review: 1, created: 0, updated: 0, linked: 0, sent: 500, skipped: 0, failed: 0 };
    expect(countsSummary(counts, 'bulk-memberships')).toBe(
      'New in Constant Contact: 500 · Skipped: needs review (more than one possible match): 1 · sent, not confirmed yet: 500',
    );
  });
});
