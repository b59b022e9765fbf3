import { ApiPropertyOptional } from '@nestjs/swagger';
import type { ConsentEventQuery } from '@ctct/shared-types';
import { IsInt, IsISO8601, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { QueryInt } from '../../../common/validation';

/** A contact's consent timeline: newest first, keyset paged. */
export class ConsentTimelineQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @QueryInt()
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(200)
  limit?: number;
}

/** Consent events by date range and/or contact, oldest first (the export). */
export class ConsentEventQueryDto extends ConsentTimelineQueryDto implements ConsentEventQuery {
  @ApiPropertyOptional({ description: 'ISO-8601; events at or after' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO-8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ description: 'ISO-8601; events before' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO-8601 date-time' })
  to?: string;

  @ApiPropertyOptional({ description: 'Only this CRM contact' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  contactId?: string;
}
