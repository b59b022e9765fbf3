import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { ConsentEventDto, ConsentServiceLevelDto, Page } from '@ctct/shared-types';
import type { Response } from 'express';
import { writeCsv } from '../../common/csv';
import { UuidParamPipe } from '../../common/uuid-param.pipe';
import { ConsentService } from './consent.service';
import { ConsentEventQueryDto, ConsentTimelineQueryDto } from './dto/consent-query.dto';

const CSV_MAX_ROWS = 200_000;
const CSV_COLUMNS: (keyof ConsentEventDto)[] = [
  'occurredAt',
  'contactId',
  'email',
  'kind',
  'actorType',
  'actorLabel',
  'actorId',
  'source',
  'reason',
  'ctctContactId',
  'pushId',
  'apiCallLogId',
  'jobRunId',
  'requestId',
  'recordedAt',
  'id',
];

@ApiTags('consent')
@Controller()
export class ConsentController {
  constructor(private readonly consent: ConsentService) {}

  /** The contact's consent timeline, newest first. */
  @Get('contacts/:id/consent')
  timeline(@Param('id', new UuidParamPipe()) id: string, @Query() query: ConsentTimelineQueryDto): Promise<Page<ConsentEventDto>> {
    return this.consent.timeline(id, query);
  }

  /** Consent events by date range and/or contact, oldest first. */
  @Get('consent/events')
  list(@Query() query: ConsentEventQueryDto): Promise<Page<ConsentEventDto>> {
    return this.consent.list(query);
  }

  /** The same as CSV (a GDPR or CAN-SPAM request): per contact (`contactId`) and/or for a date range (`from`, `to`). */
  @Get('consent/events.csv')
  async exportCsv(@Query() query: ConsentEventQueryDto, @Res() response: Response): Promise<void> {
    // Validated before the first byte, so a bad range is still a 400 and not a broken download.
    await this.consent.list({ ...query, limit: 1, cursor: undefined });
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="${csvFileName(query)}"`);
    const rows = this.consent.stream({ ...query, cursor: undefined, limit: undefined }, CSV_MAX_ROWS);
    await writeCsv(response, CSV_COLUMNS, rows, (row) => CSV_COLUMNS.map((column) => row[column]));
  }

  /** Opt-outs not yet reflected in Constant Contact and the age of the oldest. */
  @Get('consent/service-level')
  serviceLevel(): Promise<ConsentServiceLevelDto> {
    return this.consent.serviceLevel();
  }
}

function csvFileName(query: ConsentEventQueryDto): string {
  const parts = ['consent-events'];
  if (query.contactId) parts.push(query.contactId);
  if (query.from) parts.push(`from-${query.from.slice(0, 10)}`);
  if (query.to) parts.push(`to-${query.to.slice(0, 10)}`);
  return `${parts.join('_')}.csv`;
}
