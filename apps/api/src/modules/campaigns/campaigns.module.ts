import { Module } from '@nestjs/common';
import { CampaignsController } from './campaigns.controller';
import { CampaignsService } from './campaigns.service';

/** Campaign engagement for the admin's Campaigns page (read side over the activities job's data). */
@Module({ controllers: [CampaignsController], providers: [CampaignsService] })
export class CampaignsModule {}
