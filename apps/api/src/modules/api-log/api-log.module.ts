import { Module } from '@nestjs/common';
import { ApiLogRetentionJob } from './api-log-retention.job';
import { ApiLogController } from './api-log.controller';
import { ApiLogService } from './api-log.service';
import { ApiLogWriter } from './api-log.writer';

/** The external-call log: one row per call attempt (writer), the viewer's query + CSV, and the retention purge. */
@Module({
  controllers: [ApiLogController],
  providers: [ApiLogWriter, ApiLogService, ApiLogRetentionJob],
  exports: [ApiLogWriter, ApiLogService, ApiLogRetentionJob],
})
export class ApiLogModule {}
