import { ApiProperty } from '@nestjs/swagger';
import type { ChangePasswordRequest } from '@ctct/shared-types';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class ChangePasswordDto implements ChangePasswordRequest {
  @ApiProperty({ maxLength: 500 })
  @IsString()
  @MinLength(1, { message: 'is required' })
  @MaxLength(500)
  currentPassword!: string;

  @ApiProperty({ minLength: 12, maxLength: 200 })
  @IsString()
  @MinLength(12, { message: 'must be at least 12 characters' })
  @MaxLength(200)
  newPassword!: string;
}
