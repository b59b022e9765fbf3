import { Module } from '@nestjs/common';
import { CtctModule } from '../ctct/ctct.module';
import { RunEvents } from './run-events';
import { JobRegistry } from './run-job';
import { RunWorker } from './run-worker.service';
import { RunsController } from './runs.controller';
import { RunsRepository } from './runs.repository';
import { RunsService } from './runs.service';

/**
 * The run engine: runs as a PostgreSQL-backed queue (owns `sync_runs` and `sync_run_records`), with leases,
 * checkpoints, per-record outcomes, the worker, and the run history API. Other modules are its clients: they
 * register their jobs in the JobRegistry and ask for runs through RunsService. `worker-loop.ts` is the poll/claim
 * loop every queue worker of the API shares (runs here, pushes in push).
 */
@Module({
  imports: [CtctModule],
  controllers: [RunsController],
  providers: [RunsRepository, JobRegistry, RunEvents, RunWorker, RunsService],
  exports: [RunsRepository, JobRegistry, RunEvents, RunWorker, RunsService],
})
export class RunsModule {}
