// The push module's public surface for code outside the API (the benches): the bulk engine's batch limits.
export { MAX_SELECTION } from './bulk/bulk-candidates';
export { IMPORT_MAX_ROWS, MEMBERSHIP_BATCH, READ_BACK_PAGE } from './bulk/plan-bulk-membership';
