import { ApiPropertyOptional } from '@nestjs/swagger';
import { EXTERNAL_SYSTEMS, STATUS_CLASSES, type ApiLogQuery, type ExternalSystem, type StatusClass } from '@ctct/shared-types';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { QueryInt } from '../../../common/validation';

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export class ApiLogQueryDto implements ApiLogQuery {
  @ApiPropertyOptional({ enum: EXTERNAL_SYSTEMS, description: 'Leave out for every system' })
  @IsOptional()
  @IsIn(EXTERNAL_SYSTEMS, { message: `must be one of ${EXTERNAL_SYSTEMS.join(', ')}` })
  system?: ExternalSystem;

  @ApiPropertyOptional({ enum: STATUS_CLASSES })
  @IsOptional()
  @IsIn(STATUS_CLASSES, { message: `must be one of ${STATUS_CLASSES.join(', ')}` })
  statusClass?: StatusClass;

  @ApiPropertyOptional({ enum: HTTP_METHODS })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.toUpperCase() : value), { toClassOnly: true })
  @IsIn(HTTP_METHODS, { message: `must be one of ${HTTP_METHODS.join(', ')}` })
  method?: string;

  @ApiPropertyOptional({ description: 'Text in the operation or the path' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'ISO-8601; calls at or after' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO-8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ description: 'ISO-8601; calls before' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO-8601 date-time' })
  to?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  jobRunId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @QueryInt()
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(500)
  limit?: number;
}
