import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AlertDto, AlertsUnreadDto, Page } from '@ctct/shared-types';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { NotFoundError } from '../../common/domain-errors';
import { UuidParamPipe } from '../../common/uuid-param.pipe';
import { AuthenticatedRequest } from '../auth/session';
import { toAlertDto } from './alert.row';
import { AlertsRepository } from './alerts.repository';

export class AlertsQueryDto {
  /** Only alerts whose cause is still there. */
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value), { toClassOnly: true })
  @IsBoolean({ message: 'must be true or false' })
  open?: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value), { toClassOnly: true })
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(100)
  limit?: number;
}

/** The admin's alerts: the list (newest first), the bell's unread count, and marking read. */
@ApiTags('alerts')
@Controller('alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsRepository) {}

  @Get()
  list(@Query() query: AlertsQueryDto): Promise<Page<AlertDto>> {
    return this.alerts.list({ open: query.open, cursor: query.cursor, limit: query.limit ?? 20 });
  }

  @Get('unread-count')
  async unread(): Promise<AlertsUnreadDto> {
    return { unread: await this.alerts.unreadCount() };
  }

  @Post(':id/read')
  @HttpCode(200)
  async read(@Param('id', new UuidParamPipe()) id: string, @Req() request: AuthenticatedRequest): Promise<AlertDto> {
    const row = await this.alerts.markRead(id, request.user.id);
    if (!row) throw new NotFoundError(`No alert ${id}`);
    return toAlertDto(row);
  }

  @Post('read-all')
  @HttpCode(200)
  async readAll(@Req() request: AuthenticatedRequest): Promise<AlertsUnreadDto> {
    await this.alerts.markAllRead(request.user.id);
    return { unread: await this.alerts.unreadCount() };
  }
}
