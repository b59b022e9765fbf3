import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  CONTACT_LIMITS,
  CONTACT_SORTS,
  CONTACT_TYPES,
  type ContactSearchQuery,
  type ContactSort,
  type ContactType,
  type CreateContactRequest,
} from '@ctct/shared-types';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateBy, ValidateIf } from 'class-validator';
import { QueryInt } from '../../../common/validation';

// Unlike IsOptional, lets null through to the validators: a type or a flag cannot be cleared.
const IsOptionalButNotNull = () => ValidateIf((_object, value) => value !== undefined);
import { isPlausibleEmail } from '../email';
import { isPlausiblePhone } from '../phone';

// Trim strings; a blank string means "clear this field".
const TrimToNull = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() || null : value), { toClassOnly: true });

const IsPlausibleEmail = () =>
  ValidateBy({
    name: 'isPlausibleEmail',
    validator: {
      validate: (value) => value === null || (typeof value === 'string' && isPlausibleEmail(value)),
      defaultMessage: () => 'must be a valid email address, like name@example.com',
    },
  });

const IsPlausiblePhone = () =>
  ValidateBy({
    name: 'isPlausiblePhone',
    validator: {
      validate: (value) => value === null || (typeof value === 'string' && isPlausiblePhone(value)),
      defaultMessage: () => 'must be a phone number, like +1 202-555-0143 (numbers outside the US and Canada need their + code)',
    },
  });

const QueryBoolean = () => Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value), { toClassOnly: true });

export class CreateContactDto implements CreateContactRequest {
  @ApiPropertyOptional({ maxLength: CONTACT_LIMITS.email, nullable: true })
  @IsOptional()
  @TrimToNull()
  @IsString()
  @MaxLength(CONTACT_LIMITS.email)
  @IsPlausibleEmail()
  email?: string | null;

  @ApiPropertyOptional({ maxLength: CONTACT_LIMITS.firstName, nullable: true })
  @IsOptional()
  @TrimToNull()
  @IsString()
  @MaxLength(CONTACT_LIMITS.firstName)
  firstName?: string | null;

  @ApiPropertyOptional({ maxLength: CONTACT_LIMITS.lastName, nullable: true })
  @IsOptional()
  @TrimToNull()
  @IsString()
  @MaxLength(CONTACT_LIMITS.lastName)
  lastName?: string | null;

  @ApiPropertyOptional({ maxLength: CONTACT_LIMITS.jobTitle, nullable: true })
  @IsOptional()
  @TrimToNull()
  @IsString()
  @MaxLength(CONTACT_LIMITS.jobTitle)
  jobTitle?: string | null;

  @ApiPropertyOptional({ maxLength: CONTACT_LIMITS.phone, nullable: true })
  @IsOptional()
  @TrimToNull()
  @IsString()
  @MaxLength(CONTACT_LIMITS.phone)
  @IsPlausiblePhone()
  phone?: string | null;

  @ApiPropertyOptional({ enum: CONTACT_TYPES })
  @IsOptionalButNotNull()
  @IsIn(CONTACT_TYPES, { message: `must be one of ${CONTACT_TYPES.join(', ')}` })
  type?: ContactType;

  @ApiPropertyOptional()
  @IsOptionalButNotNull()
  @IsBoolean({ message: 'must be true or false' })
  doNotEmail?: boolean;
}

/** PATCH: the same fields, each optional; only the fields sent are changed. */
export class UpdateContactDto extends CreateContactDto {}

export class ContactSearchQueryDto implements ContactSearchQuery {
  @ApiPropertyOptional({ description: 'Matches name, email and job title' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: CONTACT_TYPES })
  @IsOptional()
  @IsIn(CONTACT_TYPES, { message: `must be one of ${CONTACT_TYPES.join(', ')}` })
  type?: ContactType;

  @ApiPropertyOptional()
  @IsOptional()
  @QueryBoolean()
  @IsBoolean({ message: 'must be true or false' })
  doNotEmail?: boolean;

  @ApiPropertyOptional({ description: 'true: linked to a Constant Contact contact; false: not linked' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean({ message: 'must be true or false' })
  linked?: boolean;

  @ApiPropertyOptional({ enum: CONTACT_SORTS, default: 'name' })
  @IsOptional()
  @IsIn(CONTACT_SORTS, { message: `must be one of ${CONTACT_SORTS.join(', ')}` })
  sort?: ContactSort;

  @ApiPropertyOptional({ description: "Opaque: a previous page's nextCursor" })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @QueryInt()
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(200)
  limit?: number;
}
