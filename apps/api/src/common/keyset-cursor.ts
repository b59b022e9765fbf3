// The cursor codec moved to keyset-page.ts; this re-export keeps sync-run.repository.ts compiling until it moves
// to modules/runs and imports keyset-page.ts directly. Delete it then.
export { decodeCursor, encodeCursor, type KeysetPosition } from './keyset-page';
