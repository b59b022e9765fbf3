import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Page, SyncRunDto, SyncRunRecordDto } from '@ctct/shared-types';
import type { Response } from 'express';
import { NotFoundError } from '../../common/domain-errors';
import { UuidParamPipe } from '../../common/uuid-param.pipe';
import { AuthenticatedRequest } from '../auth/session';
import { writeCsv } from '../../common/csv';
import { everyPage } from '../../common/keyset-page';
import { SyncRecordsQueryDto, SyncRunsQueryDto } from './dto/runs.dto';
import { toSyncRunDto } from './run.row';
import { RunsRepository } from './runs.repository';
import { RunsService } from './runs.service';

const RECORD_CSV_COLUMNS = ['outcome', 'reason', 'crmContactId', 'ctctId', 'label', 'createdAt'];

/**
 * The run history (sync jobs and bulk membership runs alike): runs, their progress, per-record outcomes, and
 * the admin's Resume (paused), Retry (failed) and Cancel (queued, running, paused).
 */
@ApiTags('sync')
@Controller('sync/runs')
export class RunsController {
  constructor(
    private readonly runs: RunsRepository,
    private readonly service: RunsService,
  ) {}

  /** A paused run carries on from its checkpoint (409 while its cause is still there, e.g. not reconnected). */
  @Post(':id/resume')
  @HttpCode(200)
  resume(@Param('id', new UuidParamPipe()) id: string): Promise<SyncRunDto> {
    return this.service.resume(id);
  }

  /** A failed run runs again from its checkpoint, keeping its records. */
  @Post(':id/retry')
  @HttpCode(200)
  retry(@Param('id', new UuidParamPipe()) id: string): Promise<SyncRunDto> {
    return this.service.retry(id);
  }

  /** Ends a queued or paused run at once; a running one stops after the call in progress. What was done is kept. */
  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@Param('id', new UuidParamPipe()) id: string, @Req() request: AuthenticatedRequest): Promise<SyncRunDto> {
    return this.service.cancel(id, request.user.id);
  }

  @Get()
  list(@Query() query: SyncRunsQueryDto): Promise<Page<SyncRunDto>> {
    return this.runs.list({ job: query.job, status: query.status, cursor: query.cursor, limit: query.limit ?? 25 });
  }

  @Get(':id')
  async get(@Param('id', new UuidParamPipe()) id: string): Promise<SyncRunDto> {
    const run = await this.runs.get(id);
    if (!run) throw new NotFoundError(`No sync run ${id}`);
    return toSyncRunDto(run);
  }

  @Get(':id/records')
  async records(@Param('id', new UuidParamPipe()) id: string, @Query() query: SyncRecordsQueryDto): Promise<Page<SyncRunRecordDto>> {
    if (!(await this.runs.get(id))) throw new NotFoundError(`No sync run ${id}`);
    return this.runs.records(id, { outcome: query.outcome, cursor: query.cursor, limit: query.limit ?? 100 });
  }

  @Get(':id/records.csv')
  async recordsCsv(
    @Param('id', new UuidParamPipe()) id: string,
    @Query() query: SyncRecordsQueryDto,
    @Res() response: Response,
  ): Promise<void> {
    const run = await this.runs.get(id);
    if (!run) throw new NotFoundError(`No sync run ${id}`);
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="${run.job}-run-${id}.csv"`);
    const records = everyPage((cursor, limit) => this.runs.records(id, { outcome: query.outcome, cursor, limit }), { batch: 2_000 });
    await writeCsv(response, RECORD_CSV_COLUMNS, records, (r) => [r.outcome, r.reason, r.crmContactId, r.ctctId, r.label, r.createdAt]);
  }
}
