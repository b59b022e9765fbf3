import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { ApiCallLogDetailDto, ApiCallLogDto, Page } from '@ctct/shared-types';
import type { Response } from 'express';
import { ApiLogService } from './api-log.service';
import { ApiLogQueryDto } from './dto/api-log-query.dto';

const CSV_MAX_ROWS = 100_000;
const CSV_COLUMNS: (keyof ApiCallLogDto)[] = [
  'createdAt', 'externalSystem', 'operation', 'method', 'path', 'query', 'status', 'durationMs', 'attempt',
  'jobRunId', 'userId', 'userEmail', 'requestId', 'errorKey', 'errorMessage', 'id',
];

@ApiTags('api-log')
@Controller('api-log')
export class ApiLogController {
  constructor(private readonly log: ApiLogService) {}

  @Get()
  list(@Query() query: ApiLogQueryDto): Promise<Page<ApiCallLogDto>> {
    return this.log.list(query);
  }

  @Get('export.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="api-log.csv"')
  async exportCsv(@Query() query: ApiLogQueryDto, @Res() response: Response): Promise<void> {
    response.write(`${CSV_COLUMNS.join(',')}\n`);
    for await (const batch of this.log.stream({ ...query, cursor: undefined }, CSV_MAX_ROWS)) {
      response.write(batch.map((row) => CSV_COLUMNS.map((column) => csvCell(row[column])).join(',')).join('\n') + '\n');
    }
    response.end();
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<ApiCallLogDetailDto> {
    return this.log.get(id);
  }
}

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // Quote when needed; neutralise leading =,+,-,@ so a spreadsheet never runs a cell as a formula.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
