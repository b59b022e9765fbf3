import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { BulkPreviewDto, SyncRunDto } from '@ctct/shared-types';
import { ConflictError, ValidationFailedError } from '../../../common/domain-errors';
import { AuthenticatedRequest } from '../../auth/session';
import { SyncRunnerService } from '../../sync/sync-runner.service';
import { BulkMembershipRequestDto } from './bulk-membership.dto';
import { BulkMembershipService } from './bulk-membership.service';

@ApiTags('bulk-memberships')
@Controller('bulk-memberships')
export class BulkMembershipController {
  constructor(
    private readonly bulk: BulkMembershipService,
    private readonly runner: SyncRunnerService,
  ) {}

  /** What a run would do, before anything is sent: counts and samples per outcome, and its API cost. */
  @Post('preview')
  @HttpCode(200)
  preview(@Body() body: BulkMembershipRequestDto): Promise<BulkPreviewDto> {
    return this.bulk.preview(BulkMembershipRequestDto.toRequest(checked(body)));
  }

  /** Starts the run (progress and outcomes under /api/sync/runs/:id). One bulk run at a time. */
  @Post('runs')
  async start(@Body() body: BulkMembershipRequestDto, @Req() request: AuthenticatedRequest): Promise<SyncRunDto> {
    const params = { ...BulkMembershipRequestDto.toRequest(checked(body)), userId: request.user.id };
    await this.bulk.plan(params); // refuses a bad target or selection now rather than in the background
    const { run, created } = await this.runner.requestRun('bulk-memberships', 'manual', { userId: request.user.id, params });
    if (!created) throw new ConflictError(`A bulk membership run is already in progress (${run.id}); wait for it to finish.`);
    return run;
  }
}

function checked(body: BulkMembershipRequestDto): BulkMembershipRequestDto {
  if (body.target.listId !== undefined && body.target.newListName !== undefined) {
    throw new ValidationFailedError([{ field: 'target', message: 'send either listId or newListName, not both' }]);
  }
  return body;
}
