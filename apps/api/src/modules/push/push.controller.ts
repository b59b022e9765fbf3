import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { ContactListMembershipDto, DoNotEmailStateDto, PushDto, ResubscribeResponse } from '@ctct/shared-types';
import { ArrayMaxSize, IsArray, IsOptional, IsUUID } from 'class-validator';
import { UuidParamPipe } from '../../common/uuid-param.pipe';
import { AuthenticatedRequest } from '../auth/session';
import { ContactMembershipService } from './contact-membership.service';
import { DoNotEmailStateMachine } from './do-not-email.state-machine';
import { OutboxRepository } from './outbox.repository';

class ResubscribeDto {
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true, message: 'must be list ids (UUIDs)' })
  listIds?: string[];
}

class AddMembershipDto {
  @IsUUID('all', { message: 'must be a list id (UUID)' })
  listId!: string;
}

@ApiTags('push')
@Controller('contacts/:id')
export class PushController {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly memberships: ContactMembershipService,
    private readonly doNotEmail: DoNotEmailStateMachine,
  ) {}

  /** The contact's pushes to CC, newest first: pending, delivered, failed with the reason. */
  @Get('pushes')
  pushes(@Param('id', new UuidParamPipe()) id: string): Promise<PushDto[]> {
    return this.outbox.forContact(id);
  }

  /** Where the contact's Do Not Email stands (the state machine's state) and one sentence saying what it means. */
  @Get('do-not-email')
  doNotEmailState(@Param('id', new UuidParamPipe()) id: string): Promise<DoNotEmailStateDto> {
    return this.doNotEmail.stateOf(id);
  }

  /** Asks CC to send its re-subscribe confirmation email (the only way back in after an unsubscribe). */
  @Post('ctct/resubscribe')
  @HttpCode(202)
  resubscribe(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: ResubscribeDto,
    @Req() request: AuthenticatedRequest,
  ): Promise<ResubscribeResponse> {
    return this.memberships.requestResubscribe(id, body.listIds, request.user.id);
  }

  @Get('lists')
  lists(@Param('id', new UuidParamPipe()) id: string): Promise<ContactListMembershipDto[]> {
    return this.memberships.list(id);
  }

  /** Puts the contact on a CC list; with the list-membership trigger on, the push to CC is queued in the same transaction. */
  @Post('lists')
  add(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: AddMembershipDto,
    @Req() request: AuthenticatedRequest,
  ): Promise<ContactListMembershipDto[]> {
    return this.memberships.add(id, body.listId, request.user.id);
  }

  @Delete('lists/:listId')
  remove(
    @Param('id', new UuidParamPipe()) id: string,
    @Param('listId', new UuidParamPipe('listId')) listId: string,
    @Req() request: AuthenticatedRequest,
  ): Promise<ContactListMembershipDto[]> {
    return this.memberships.remove(id, listId, request.user.id);
  }
}
