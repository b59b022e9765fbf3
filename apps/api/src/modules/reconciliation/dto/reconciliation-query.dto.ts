import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  DRIFT_FIELDS,
  RECONCILIATION_CLASSES,
  type DriftField,
  type ReconciliationClass,
  type ReconciliationContactsQuery,
} from '@ctct/shared-types';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { QueryInt } from '../../../common/validation';

export class ReconciliationContactsQueryDto implements ReconciliationContactsQuery {
  @ApiPropertyOptional({ enum: RECONCILIATION_CLASSES, description: 'Only this class (default: every class)' })
  @IsOptional()
  @IsIn(RECONCILIATION_CLASSES, { message: `must be one of ${RECONCILIATION_CLASSES.join(', ')}` })
  class?: ReconciliationClass;

  @ApiPropertyOptional({ enum: DRIFT_FIELDS, description: 'Only contacts drifting on this field' })
  @IsOptional()
  @IsIn(DRIFT_FIELDS, { message: `must be one of ${DRIFT_FIELDS.join(', ')}` })
  field?: DriftField;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @QueryInt()
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(500)
  limit?: number;
}

/** Fix drift takes no options: it queues what the preview showed (recomputed at the time of the click). */
export class FixDriftDto {}
