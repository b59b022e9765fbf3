// The runs module's public surface for code outside the API (the benches): asking for a run and waiting for it.
export type { RunRow } from './run.row';
export { RunWorker } from './run-worker.service';
export { RunsRepository } from './runs.repository';
export { RunsService } from './runs.service';
