import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateBy, ValidateNested } from 'class-validator';
import { validateCronExpression } from 'cron';

const IsCron = () =>
  ValidateBy({
    name: 'isCron',
    validator: {
      validate: (value) => typeof value === 'string' && validateCronExpression(value).valid,
      defaultMessage: () => 'must be a cron expression such as "30 0 * * *" (minute hour day month weekday, UTC)',
    },
  });

class SchedulesDto {
  @IsOptional() @IsCron() lists?: string;
  @IsOptional() @IsCron() 'link-contacts'?: string;
  @IsOptional() @IsCron() activities?: string;
}

class TypeListNamesDto {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(255) customer?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(255) supplier?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(255) lead?: string;
}

class ContactTypeListRulesDto {
  @IsOptional() @IsBoolean() enabled?: boolean;
  @IsOptional() @ValidateNested() @Type(() => TypeListNamesDto) lists?: TypeListNamesDto;
}

export class UpdateSettingsDto {
  @IsOptional() @ValidateNested() @Type(() => SchedulesDto) schedules?: SchedulesDto;
  @IsOptional() @IsBoolean({ message: 'must be true or false' }) listMembershipTrigger?: boolean;
  @IsOptional() @IsBoolean({ message: 'must be true or false' }) fieldPushes?: boolean;
  @IsOptional() @ValidateNested() @Type(() => ContactTypeListRulesDto) contactTypeListRules?: ContactTypeListRulesDto;
  @IsOptional() @IsBoolean({ message: 'must be true or false' }) optOutSetsDoNotEmail?: boolean;
  @IsOptional() @IsInt({ message: 'must be a whole number' }) @Min(1) @Max(90) linkFullPassEveryDays?: number;
  @IsOptional() @IsInt({ message: 'must be a whole number' }) @Min(1) @Max(3650) apiLogRetentionDays?: number;
  @IsOptional() @IsInt({ message: 'must be a whole number of percent' }) @Min(0) @Max(90) pushReservePercent?: number;
}
