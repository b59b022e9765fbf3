import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CampaignStatsDto, CampaignTimelineDto } from '@ctct/shared-types';
import { IsIn, IsOptional } from 'class-validator';
import { UuidParamPipe } from '../../common/uuid-param.pipe';
import { CampaignsService } from './campaigns.service';

class TimelineQueryDto {
  @IsOptional()
  @IsIn(['hour', 'day'], { message: 'must be hour or day' })
  bucket?: 'hour' | 'day';
}

@ApiTags('campaigns')
@Controller('campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Get()
  list(): Promise<CampaignStatsDto[]> {
    return this.campaigns.list();
  }

  @Get(':id/timeline')
  timeline(@Param('id', new UuidParamPipe()) id: string, @Query() query: TimelineQueryDto): Promise<CampaignTimelineDto> {
    return this.campaigns.timeline(id, query.bucket);
  }
}
