import { PickType } from '@nestjs/swagger';
import type { ContactCountQuery } from '@ctct/shared-types';
import { ContactSearchQueryDto } from './contact.dto';

/** The search's filters, validated the same way; paging and sort mean nothing to a count. */
export class ContactCountQueryDto
  extends PickType(ContactSearchQueryDto, ['q', 'type', 'doNotEmail', 'linked'] as const)
  implements ContactCountQuery {}
