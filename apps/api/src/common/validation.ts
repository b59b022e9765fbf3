import { ValidationPipe, type ValidationError } from '@nestjs/common';
import type { FieldError } from '@ctct/shared-types';
import { ValidationFailedError } from './domain-errors';

/**
 * DTO validation for every route: unknown fields are refused (not silently dropped), values are converted
 * from query strings, and each problem is reported against its field name.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => new ValidationFailedError(flattenValidationErrors(errors)),
  });
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field,
      message: rule === 'whitelistValidation' ? 'is not a known field' : stripFieldName(message, error.property),
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

// class-validator messages start with the property name ("email must be an email"); the field is reported separately.
function stripFieldName(message: string, property: string): string {
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}
