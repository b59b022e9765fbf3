import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CtctBudgetUsageDto } from '@ctct/shared-types';
import { ApiLogService } from '../api-log/api-log.service';
import { RateBudgetService } from './rate-budget.service';

@ApiTags('ctct')
@Controller('ctct/budget')
export class RateBudgetController {
  constructor(
    private readonly budget: RateBudgetService,
    private readonly apiLog: ApiLogService,
  ) {}

  /** Today's use of CC's daily quota (CC's day): the budget with its push reserve, and the calls by kind and by job. */
  @Get()
  async usage(): Promise<CtctBudgetUsageDto> {
    const since = await this.budget.ccDayStartedAt();
    const [budget, usage] = await Promise.all([this.budget.snapshot(), this.apiLog.usageSince(since)]);
    return { budget, since: since.toISOString(), ...usage };
  }
}
