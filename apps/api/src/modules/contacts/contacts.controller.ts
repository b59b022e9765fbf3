import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { ContactCountDto, ContactDto, ContactSaveResponse, Page } from '@ctct/shared-types';
import { UuidParamPipe } from '../../common/uuid-param.pipe';
import { ContactsService } from './contacts.service';
import { ContactCountQueryDto } from './dto/contact-count.dto';
import { ContactSearchQueryDto, CreateContactDto, UpdateContactDto } from './dto/contact.dto';

@ApiTags('contacts')
@Controller('contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Get()
  search(@Query() query: ContactSearchQueryDto): Promise<Page<ContactDto>> {
    return this.contacts.search(query);
  }

  /** Asked once per filter change (not per page): exact up to 10,000, then "10,000+" or the table's estimate. */
  @Get('count')
  count(@Query() query: ContactCountQueryDto): Promise<ContactCountDto> {
    return this.contacts.count(query);
  }

  @Get(':id')
  get(@Param('id', new UuidParamPipe()) id: string): Promise<ContactDto> {
    return this.contacts.get(id);
  }

  @Post()
  create(@Body() body: CreateContactDto): Promise<ContactSaveResponse> {
    return this.contacts.create(body);
  }

  @Patch(':id')
  update(@Param('id', new UuidParamPipe()) id: string, @Body() body: UpdateContactDto): Promise<ContactSaveResponse> {
    return this.contacts.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', new UuidParamPipe()) id: string): Promise<void> {
    return this.contacts.softDelete(id);
  }
}
