import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  RUN_JOBS,
  SYNC_RECORD_OUTCOMES,
  SYNC_RUN_STATUSES,
  type RunJobName,
  type SyncRecordOutcome,
  type SyncRunStatus,
} from '@ctct/shared-types';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

import { QueryInt } from '../../../common/validation';

const toInt = QueryInt;

export class SyncRunsQueryDto {
  @ApiPropertyOptional({ enum: RUN_JOBS })
  @IsOptional()
  @IsIn(RUN_JOBS, { message: `must be one of ${RUN_JOBS.join(', ')}` })
  job?: RunJobName;

  @ApiPropertyOptional({ enum: SYNC_RUN_STATUSES })
  @IsOptional()
  @IsIn(SYNC_RUN_STATUSES, { message: `must be one of ${SYNC_RUN_STATUSES.join(', ')}` })
  status?: SyncRunStatus;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @IsOptional()
  @toInt()
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(200)
  limit?: number;
}

export class SyncRecordsQueryDto {
  @ApiPropertyOptional({ enum: SYNC_RECORD_OUTCOMES })
  @IsOptional()
  @IsIn(SYNC_RECORD_OUTCOMES, { message: `must be one of ${SYNC_RECORD_OUTCOMES.join(', ')}` })
  outcome?: SyncRecordOutcome;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @IsOptional()
  @toInt()
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(500)
  limit?: number;
}
