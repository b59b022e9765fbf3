import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SYNC_JOBS, type CtctListDto, type SyncJobName, type SyncJobStatusDto, type SyncRunDto } from '@ctct/shared-types';
import type { Response } from 'express';
import { ValidationFailedError } from '../../common/domain-errors';
import { AuthenticatedRequest } from '../auth/session';
import { RunsService } from '../runs/runs.service';
import { ListsQueryDto } from './dto/sync.dto';
import { SyncService } from './sync.service';

@ApiTags('sync')
@Controller('sync')
export class SyncController {
  constructor(
    private readonly runs: RunsService,
    private readonly sync: SyncService,
  ) {}

  @Get('jobs')
  jobs(): Promise<SyncJobStatusDto[]> {
    return this.sync.jobStatuses();
  }

  /** "Sync now": 201 with a new run, or 200 with the run already in progress. */
  @Post('jobs/:job/run')
  async runNow(
    @Param('job') job: string,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SyncRunDto> {
    if (!(SYNC_JOBS as readonly string[]).includes(job)) {
      throw new ValidationFailedError([{ field: 'job', message: `must be one of ${SYNC_JOBS.join(', ')}` }]);
    }
    const { run, created } = await this.runs.requestRun(job as SyncJobName, 'manual', { userId: request.user.id });
    response.status(created ? 201 : 200);
    return run;
  }

  /** The CC lists mirrored by the lists job (the wizard's list picker). */
  @Get('lists')
  lists(@Query() query: ListsQueryDto): Promise<CtctListDto[]> {
    return this.sync.lists(query.includeDeleted ?? false);
  }
}
