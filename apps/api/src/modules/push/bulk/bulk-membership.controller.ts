import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { BulkPreviewDto, SyncRunDto } from '@ctct/shared-types';
import { ValidationFailedError } from '../../../common/domain-errors';
import { AuthenticatedRequest } from '../../auth/session';
import { BulkMembershipRequestDto } from './bulk-membership.dto';
import { BulkMembershipService } from './bulk-membership.service';

@ApiTags('bulk-memberships')
@Controller('bulk-memberships')
export class BulkMembershipController {
  constructor(private readonly bulk: BulkMembershipService) {}

  /** What a run would do, before anything is sent: counts and samples per outcome, and its API cost. */
  @Post('preview')
  @HttpCode(200)
  preview(@Body() body: BulkMembershipRequestDto): Promise<BulkPreviewDto> {
    return this.bulk.preview(BulkMembershipRequestDto.toRequest(checked(body)));
  }

  /** Starts the run (progress and outcomes under /api/sync/runs/:id). One bulk run at a time. */
  @Post('runs')
  start(@Body() body: BulkMembershipRequestDto, @Req() request: AuthenticatedRequest): Promise<SyncRunDto> {
    return this.bulk.start(BulkMembershipRequestDto.toRequest(checked(body)), request.user.id);
  }
}

function checked(body: BulkMembershipRequestDto): BulkMembershipRequestDto {
  if (body.target.listId !== undefined && body.target.newListName !== undefined) {
    throw new ValidationFailedError([{ field: 'target', message: 'send either listId or newListName, not both' }]);
  }
  return body;
}
