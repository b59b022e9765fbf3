import { CONTACT_TYPES, type BulkMembershipRequest, type ContactType } from '@ctct/shared-types';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

class BulkFilterDto {
  @IsOptional() @IsString() @MaxLength(200) q?: string;
  @IsOptional() @IsIn(CONTACT_TYPES, { message: `must be one of ${CONTACT_TYPES.join(', ')}` }) type?: ContactType;
  @IsOptional() @IsBoolean({ message: 'must be true or false' }) doNotEmail?: boolean;
  @IsOptional() @IsBoolean({ message: 'must be true or false' }) linked?: boolean;
}

class BulkSelectionDto {
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100_000)
  @IsUUID('all', { each: true, message: 'must be contact ids (UUIDs)' })
  contactIds?: string[];

  @IsOptional()
  @ValidateNested()
  @Type(() => BulkFilterDto)
  filter?: BulkFilterDto;
}

class BulkTargetDto {
  // Exactly one of the two.
  @ValidateIf((target: BulkTargetDto) => target.newListName === undefined)
  @IsUUID('all', { message: 'must be a list id (UUID), or send newListName instead' })
  listId?: string;

  @ValidateIf((target: BulkTargetDto) => target.listId === undefined)
  @IsString({ message: 'must be the new list name, or send listId instead' })
  @MinLength(1)
  @MaxLength(255)
  newListName?: string;
}

export class BulkMembershipRequestDto {
  @IsDefined({ message: 'is required' })
  @ValidateNested()
  @Type(() => BulkSelectionDto)
  selection!: BulkSelectionDto;

  @IsDefined({ message: 'is required' })
  @ValidateNested()
  @Type(() => BulkTargetDto)
  target!: BulkTargetDto;

  static toRequest(dto: BulkMembershipRequestDto): BulkMembershipRequest {
    return {
      selection: dto.selection,
      target: dto.target.listId ? { listId: dto.target.listId } : { newListName: dto.target.newListName! },
    };
  }
}
