import { BulkCandidate, chunkImports, classifyCandidate, minimumCalls } from './plan-bulk-membership';

const candidate = (overrides: Partial<BulkCandidate>): BulkCandidate => ({
  contactId: 'crm-1',
  email: 'ada@example.com',
  firstName: 'Ada',
  lastName: 'Lovelace',
  doNotEmail: false,
  emailRank: 1,
  linkedCtctId: null,
  ctct: null,
  ...overrides,
});
const inCtct = (overrides: Partial<NonNullable<BulkCandidate['ctct']>> = {}) => ({ contactId: 'cc-1', permission: 'implicit', deleted: false, listIds: [], ...overrides });

describe('classifyCandidate', () => {
  it.each([
    ['skip_no_email', candidate({ email: null })],
    ['skip_no_email', candidate({ email: '   ' })],
    ['skip_invalid_email', candidate({ email: 'ada@' })],
    ['skip_invalid_email', candidate({ email: `${'a'.repeat(75)}@example.com` })],
    ['skip_do_not_email', candidate({ doNotEmail: true, ctct: inCtct() })],
    ['skip_duplicate_email', candidate({ emailRank: 2 })],
    ['skip_deleted_in_ctct', candidate({ ctct: inCtct({ deleted: true }) })],
    ['skip_unsubscribed', candidate({ linkedCtctId: 'cc-1', ctct: inCtct({ permission: 'unsubscribed' }) })],
    ['already_member', candidate({ linkedCtctId: 'cc-1', ctct: inCtct({ listIds: ['list-1'] }) })],
    ['add_linked', candidate({ linkedCtctId: 'cc-1', ctct: inCtct() })],
    ['link_and_add', candidate({ ctct: inCtct() })],
    ['create', candidate({})],
  ])('%s', (outcome, input) => {
    expect(classifyCandidate(input, 'list-1').outcome).toBe(outcome);
  });

  it('never creates or adds someone marked Do Not Email, even when new to CC', () => {
    expect(classifyCandidate(candidate({ doNotEmail: true }), 'list-1').outcome).toBe('skip_do_not_email');
  });
});

describe('chunkImports', () => {
  it('keeps each import within 40,000 rows', () => {
    const chunks = chunkImports(Array.from({ length: 90_000 }, () => 'x'), () => 10);
    expect(chunks.map((chunk) => chunk.length)).toEqual([40_000, 40_000, 10_000]);
  });

  it('keeps each import under the byte limit', () => {
    const chunks = chunkImports(Array.from({ length: 10_000 }, () => 'x'), () => 1_000);
    expect(chunks.length).toBe(3);
    expect(chunks.every((chunk) => chunk.length * 1_001 <= 3_500_000)).toBe(true);
  });
});

describe('minimumCalls', () => {
  it('counts the fewest calls for 10,000 new and 9,000 existing contacts into a new list', () => {
    expect(minimumCalls({ creates: 10_000, importRequests: 1, adds: 9_000, newList: true })).toEqual({
      createList: 1,
      imports: 1,
      addMemberships: 18,
      readBackCreated: 20,
    });
  });
});
