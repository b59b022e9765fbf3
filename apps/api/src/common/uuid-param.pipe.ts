import { Injectable, PipeTransform } from '@nestjs/common';
import { ValidationFailedError } from './domain-errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Route ids are UUIDs; anything else is a 400 naming the parameter, not a database error. */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  constructor(private readonly name = 'id') {}

  transform(value: string): string {
    if (!UUID.test(value)) throw new ValidationFailedError([{ field: this.name, message: 'must be a UUID' }]);
    return value;
  }
}
