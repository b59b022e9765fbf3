import { ValidationPipe, type ValidationError } from '@nestjs/common';
import type { FieldError } from '@ctct/shared-types';
import { Transform } from 'class-transformer';
import { ValidationFailedError } from './domain-errors';

/**
 * DTO validation for every route: unknown fields are refused (not silently dropped), values are converted
 * from query strings, and each problem is reported against its field name — one message per field, the
 * most basic one: a value of the wrong type hears about its type, not about a length or a range.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // All rules run, so that the type rule can win over whichever was declared first (see pickMessage).
    stopAtFirstError: false,
    exceptionFactory: (errors) => new ValidationFailedError(flattenValidationErrors(errors)),
  });
}

// Rules about what kind of value a field holds: when one fails, the others (length, range, format) are noise.
const TYPE_RULES = [
  'whitelistValidation',
  'nestedValidation',
  'isDefined',
  'isString',
  'isInt',
  'isNumber',
  'isBoolean',
  'isArray',
  'isObject',
  'isIn',
  'isEnum',
];

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = pickMessage(error.constraints ?? {}, error.property);
    return [...(own ? [{ field, message: own }] : []), ...flattenValidationErrors(error.children ?? [], field)];
  });
}

function pickMessage(constraints: Record<string, string>, property: string): string | null {
  const rules = Object.keys(constraints);
  if (rules.length === 0) return null;
  const rule = TYPE_RULES.find((name) => rules.includes(name)) ?? rules.at(-1)!;
  if (rule === 'whitelistValidation') return 'is not a known field';
  if (rule === 'nestedValidation') return 'must be an object';
  return stripFieldName(constraints[rule], property);
}

// class-validator messages start with the property name ("email must be an email"); the field is reported separately.
function stripFieldName(message: string, property: string): string {
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}

/**
 * A whole number from a query string ("-5" included, so that Min can say what is wrong with it); anything
 * else is left as it came for IsInt to refuse.
 */
export const QueryInt = () =>
  Transform(({ value }) => (typeof value === 'string' && /^-?\d{1,15}$/.test(value) ? Number(value) : value), { toClassOnly: true });
