import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SYNC_JOBS, type CtctListDto, type Page, type SyncJobName, type SyncJobStatusDto, type SyncRunDto, type SyncRunRecordDto } from '@ctct/shared-types';
import type { Response } from 'express';
import { NotFoundError, ValidationFailedError } from '../../common/domain-errors';
import { UuidParamPipe } from '../../common/uuid-param.pipe';
import { csvCell } from '../api-log/api-log.controller';
import { AuthenticatedRequest } from '../auth/session';
import { ListsQueryDto, SyncRecordsQueryDto, SyncRunsQueryDto } from './dto/sync.dto';
import { SyncRunRepository, toSyncRunDto } from './sync-run.repository';
import { SyncRunnerService } from './sync-runner.service';
import { SyncService } from './sync.service';

@ApiTags('sync')
@Controller('sync')
export class SyncController {
  constructor(
    private readonly runner: SyncRunnerService,
    private readonly runs: SyncRunRepository,
    private readonly sync: SyncService,
  ) {}

  @Get('jobs')
  jobs(): Promise<SyncJobStatusDto[]> {
    return this.sync.jobStatuses();
  }

  /** "Sync now": 201 with a new run, or 200 with the run already in progress. */
  @Post('jobs/:job/run')
  async runNow(@Param('job') job: string, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response): Promise<SyncRunDto> {
    if (!(SYNC_JOBS as readonly string[]).includes(job)) {
      throw new ValidationFailedError([{ field: 'job', message: `must be one of ${SYNC_JOBS.join(', ')}` }]);
    }
    const { run, created } = await this.runner.requestRun(job as SyncJobName, 'manual', { userId: request.user.id });
    response.status(created ? 201 : 200);
    return run;
  }

  @Get('runs')
  list(@Query() query: SyncRunsQueryDto): Promise<Page<SyncRunDto>> {
    return this.runs.list({ job: query.job, status: query.status, cursor: query.cursor, limit: query.limit ?? 25 });
  }

  @Get('runs/:id')
  async get(@Param('id', new UuidParamPipe()) id: string): Promise<SyncRunDto> {
    const run = await this.runs.get(id);
    if (!run) throw new NotFoundError(`No sync run ${id}`);
    return toSyncRunDto(run);
  }

  @Get('runs/:id/records')
  async records(@Param('id', new UuidParamPipe()) id: string, @Query() query: SyncRecordsQueryDto): Promise<Page<SyncRunRecordDto>> {
    if (!(await this.runs.get(id))) throw new NotFoundError(`No sync run ${id}`);
    return this.runs.records(id, { outcome: query.outcome, cursor: query.cursor, limit: query.limit ?? 100 });
  }

  @Get('runs/:id/records.csv')
  async recordsCsv(@Param('id', new UuidParamPipe()) id: string, @Query() query: SyncRecordsQueryDto, @Res() response: Response): Promise<void> {
    const run = await this.runs.get(id);
    if (!run) throw new NotFoundError(`No sync run ${id}`);
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="${run.job}-run-${id}.csv"`);
    response.write('outcome,reason,crmContactId,ctctId,label,createdAt\n');
    let cursor: string | undefined;
    do {
      const page = await this.runs.records(id, { outcome: query.outcome, cursor, limit: 2000 });
      for (const record of page.items) {
        response.write([record.outcome, record.reason, record.crmContactId, record.ctctId, record.label, record.createdAt].map(csvCell).join(',') + '\n');
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    response.end();
  }

  /** The CC lists mirrored by the lists job (the wizard's list picker). */
  @Get('lists')
  lists(@Query() query: ListsQueryDto): Promise<CtctListDto[]> {
    return this.sync.lists(query.includeDeleted ?? false);
  }
}
