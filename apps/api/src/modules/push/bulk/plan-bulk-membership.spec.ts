import {
  BulkCandidate,
  chunkImports,
  classifyCandidate,
  IMPORT_MAX_ROWS,
  importRow,
  importRowBytes,
  minimumCalls,
} from './plan-bulk-membership';

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
const inCtct = (overrides: Partial<NonNullable<BulkCandidate['ctct']>> = {}) => ({
  contactId: 'cc-1',
  permission: 'implicit',
  deleted: false,
  listIds: [],
  ...overrides,
});

describe('classifyCandidate', () => {
  it.each([
    ['skip_no_email', candidate({ email: null })],
    ['skip_no_email', candidate({ email: '   ' })],
    ['skip_invalid_email', candidate({ email: 'ada@' })],
    ['skip_refused_by_ctct', candidate({ email: `${'a'.repeat(40)}@example.com` })],
    ['add_linked', candidate({ email: `${'a'.repeat(40)}@example.com`, linkedCtctId: 'cc-1', ctct: inCtct() })],
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

  it('skips a new contact whose address CC would refuse in an import, saying why (the CRM keeps it)', () => {
    const item = classifyCandidate(candidate({ email: `${'a'.repeat(40)}@example.com` }), 'list-1');
    expect(item).toMatchObject({
      outcome: 'skip_refused_by_ctct',
      reason: expect.stringMatching(/at most 50 characters in an import; this address has 52/),
    });
  });

  it('neither links nor creates a contact whose match in CC is ambiguous: it needs review, saying why', () => {
    const why = "Constant Contact's straße@example.com (cc-1) matches the CRM's strasse@example.com only by a case folding";
    expect(classifyCandidate(candidate({ email: 'strasse@example.com', ctct: inCtct(), needsReview: why }), 'list-1')).toEqual({
      contactId: 'crm-1',
      outcome: 'skip_needs_review',
      ctctContactId: 'cc-1',
      reason: why,
    });
  });

  it('never creates or adds someone marked Do Not Email, even when new to CC', () => {
    expect(classifyCandidate(candidate({ doNotEmail: true }), 'list-1').outcome).toBe('skip_do_not_email');
  });
});

describe('chunkImports', () => {
  it('keeps each import within 40,000 rows', () => {
    const chunks = chunkImports(
      Array.from({ length: 90_000 }, () => 'x'),
      () => 10,
    );
    expect(chunks.map((chunk) => chunk.length)).toEqual([40_000, 40_000, 10_000]);
  });

  it('keeps each import under the byte limit', () => {
    const chunks = chunkImports(
      Array.from({ length: 10_000 }, () => 'x'),
      () => 1_000,
    );
    expect(chunks.length).toBe(3);
    expect(chunks.every((chunk) => chunk.length * 1_001 <= 4_000_000)).toBe(true);
  });

  it('keeps each import request under 4 MB in UTF-8 bytes when names are multi-byte, losing no row', () => {
    // 50-character names in a 3-byte script: about 380 bytes a row but only 160 characters. 12,000 rows are
    // 4.5 MB of body: counted in characters (1.9 million) they looked like one request, and CC drops what is past 4 MB.
    const rows = Array.from({ length: 12_000 }, (_, i) => ({
      email: `member${i}@example.jp`,
      firstName: '山'.repeat(50),
      lastName: '田'.repeat(50),
    }));
    const chunks = chunkImports(rows, importRowBytes);
    expect(chunks.length).toBe(2);
    expect(chunks.flat()).toHaveLength(rows.length);
    const listIds = Array.from({ length: 50 }, () => crypto.randomUUID());
    const bodyBytes = chunks.map((chunk) => Buffer.byteLength(JSON.stringify({ import_data: chunk.map(importRow), list_ids: listIds })));
    expect(bodyBytes.every((bytes) => bytes < 4_000_000)).toBe(true);
    expect(bodyBytes[0]).toBeGreaterThan(3_900_000);
    expect(chunks.every((chunk) => chunk.length <= IMPORT_MAX_ROWS)).toBe(true);
  });

  it('sends at most 50 characters of a name without cutting a character in two', () => {
    const row = importRow({ email: 'ann@example.com', firstName: '😀'.repeat(60), lastName: null });
    expect([...row.first_name]).toHaveLength(50);
    expect(row.first_name).toBe('😀'.repeat(50));
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
