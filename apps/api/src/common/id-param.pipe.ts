import { Injectable, PipeTransform } from '@nestjs/common';
import { ValidationFailedError } from './domain-errors';

/** Numeric route ids (bigint keys such as API-log entries): anything else is a 400 naming the parameter. */
@Injectable()
export class BigintParamPipe implements PipeTransform<string, string> {
  constructor(private readonly name = 'id') {}

  transform(value: string): string {
    if (!/^[1-9]\d{0,17}$/.test(value)) throw new ValidationFailedError([{ field: this.name, message: 'must be a positive whole number' }]);
    return value;
  }
}
