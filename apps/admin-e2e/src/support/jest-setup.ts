// Browser tests drive a real app: allow them more time than unit tests (set here because the root
// multi-project Jest config ignores per-project testTimeout).
jest.setTimeout(120_000);
