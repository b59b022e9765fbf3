import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { ContactDto, ContactSaveResponse, Page } from '@ctct/shared-types';
import { UuidParamPipe } from '../../common/uuid-param.pipe';
import { ContactsService } from './contacts.service';
import { ContactSearchQueryDto, CreateContactDto, UpdateContactDto } from './dto/contact.dto';

@ApiTags('contacts')
@Controller('contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Get()
  search(@Query() query: ContactSearchQueryDto): Promise<Page<ContactDto>> {
    return this.contacts.search(query);
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
