import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FixDriftPreviewDto, FixDriftResultDto, Page, ReconciliationContactDto, ReconciliationSummaryDto } from '@ctct/shared-types';
import type { Response } from 'express';
import { writeCsv } from '../../common/csv';
import { ValidationFailedError } from '../../common/domain-errors';
import { AuthenticatedRequest } from '../auth/session';
import { FixDriftDto, ReconciliationContactsQueryDto } from './dto/reconciliation-query.dto';
import { ReconciliationService } from './reconciliation.service';

const CSV_MAX_ROWS = 1_000_000;
const CSV_HEADER = [
  'class',
  'reason',
  'driftFields',
  'contactId',
  'email',
  'firstName',
  'lastName',
  'doNotEmail',
  'ctctContactId',
  'ctctEmail',
  'ctctFirstName',
  'ctctLastName',
  'ctctPermission',
  'ctctDeleted',
  'pushPending',
];

@ApiTags('reconciliation')
@Controller('reconciliation')
export class ReconciliationController {
  constructor(private readonly reconciliation: ReconciliationService) {}

  /** Every CRM contact with an email in one class: counts, samples, what fixes each; per CC list, CRM vs CC counts. */
  @Get()
  summary(): Promise<ReconciliationSummaryDto> {
    return this.reconciliation.summary();
  }

  @Get('contacts')
  contacts(@Query() query: ReconciliationContactsQueryDto): Promise<Page<ReconciliationContactDto>> {
    assertFieldWithDrift(query);
    return this.reconciliation.contacts(query);
  }

  @Get('contacts.csv')
  async exportCsv(@Query() query: ReconciliationContactsQueryDto, @Res() response: Response): Promise<void> {
    assertFieldWithDrift(query);
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader(
      'Content-Disposition',
      `attachment; filename="reconciliation-${query.class ?? 'all'}${query.field ? `-${query.field}` : ''}.csv"`,
    );
    const rows = this.reconciliation.stream({ class: query.class, field: query.field }, CSV_MAX_ROWS);
    await writeCsv(response, CSV_HEADER, rows, (row) => [
      row.class,
      row.reason,
      row.driftFields.join(';'),
      row.contactId,
      row.email,
      row.firstName,
      row.lastName,
      row.doNotEmail,
      row.ctctContactId,
      row.ctct?.email,
      row.ctct?.firstName,
      row.ctct?.lastName,
      row.ctct?.permission,
      row.ctct?.deleted,
      row.pushPending,
    ]);
  }

  /** What Fix drift would queue and its API cost against today's budget (shown before confirming). */
  @Get('fix-drift')
  fixDriftPreview(): Promise<FixDriftPreviewDto> {
    return this.reconciliation.fixDriftPreview();
  }

  @Post('fix-drift')
  @HttpCode(202)
  fixDrift(@Body() _body: FixDriftDto, @Req() request: AuthenticatedRequest): Promise<FixDriftResultDto> {
    return this.reconciliation.fixDrift(request.user.id);
  }
}

function assertFieldWithDrift(query: ReconciliationContactsQueryDto): void {
  if (query.field && query.class && query.class !== 'drift') {
    throw new ValidationFailedError([{ field: 'field', message: 'applies only to class drift' }]);
  }
}
