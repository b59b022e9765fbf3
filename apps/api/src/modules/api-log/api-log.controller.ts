import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { ApiCallLogDetailDto, ApiCallLogDto, Page } from '@ctct/shared-types';
import type { Response } from 'express';
import { writeCsv } from '../../common/csv';
import { BigintParamPipe } from '../../common/id-param.pipe';
import { ApiLogService } from './api-log.service';
import { ApiLogQueryDto } from './dto/api-log-query.dto';

const CSV_MAX_ROWS = 100_000;
const CSV_COLUMNS: (keyof ApiCallLogDto)[] = [
  'createdAt',
  'externalSystem',
  'operation',
  'method',
  'path',
  'query',
  'status',
  'durationMs',
  'attempt',
  'jobRunId',
  'userId',
  'userEmail',
  'requestId',
  'errorKey',
  'errorMessage',
  'id',
  'decision',
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
    await writeCsv(response, CSV_COLUMNS, this.log.stream(query, CSV_MAX_ROWS), (row) => CSV_COLUMNS.map((column) => row[column]));
  }

  @Get(':id')
  get(@Param('id', new BigintParamPipe()) id: string): Promise<ApiCallLogDetailDto> {
    return this.log.get(id);
  }
}
