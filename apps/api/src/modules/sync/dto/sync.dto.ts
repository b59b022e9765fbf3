import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

export class ListsQueryDto {
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value), { toClassOnly: true })
  @IsBoolean({ message: 'must be true or false' })
  includeDeleted?: boolean;
}
