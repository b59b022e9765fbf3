import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { ContactCtctStatusDto, EngagementSummaryDto, InteractionDto, Page } from '@ctct/shared-types';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { QueryInt } from '../../common/validation';
import { UuidParamPipe } from '../../common/uuid-param.pipe';
import { InteractionsService } from './interactions.service';

class InteractionsQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @IsOptional()
  @QueryInt()
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(200)
  limit?: number;
}

@ApiTags('interactions')
@Controller('contacts/:id')
export class InteractionsController {
  constructor(private readonly interactions: InteractionsService) {}

  @Get('interactions')
  list(@Param('id', new UuidParamPipe()) id: string, @Query() query: InteractionsQueryDto): Promise<Page<InteractionDto>> {
    return this.interactions.forContact(id, { cursor: query.cursor, limit: query.limit ?? 50 });
  }

  @Get('engagement')
  summary(@Param('id', new UuidParamPipe()) id: string): Promise<EngagementSummaryDto> {
    return this.interactions.summary(id);
  }

  @Get('ctct')
  ctct(@Param('id', new UuidParamPipe()) id: string): Promise<ContactCtctStatusDto> {
    return this.interactions.ctctStatus(id);
  }
}
