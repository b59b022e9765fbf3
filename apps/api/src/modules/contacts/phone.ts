import { isPossiblePhoneNumber } from 'libphonenumber-js';

// Digits with the usual separators, an optional leading +, an optional extension; letters are never part of one.
const PHONE_SHAPE = /^\+?[\d\s()./-]{4,}(?:\s*(?:x|ext\.?)\s*\d{1,6})?$/i;

/**
 * A phone number the CRM can store and people can dial: its shape, then libphonenumber's length rules for its
 * country (numbers without a + code are read as US/Canada, like the demo data). "Possible" rather than
 * "valid": real CRMs hold numbers from ranges libphonenumber's metadata does not list yet.
 */
export function isPlausiblePhone(value: string): boolean {
  if (!PHONE_SHAPE.test(value)) return false;
  const number = value.replace(/\s*(?:x|ext\.?)\s*\d{1,6}$/i, '');
  return isPossiblePhoneNumber(number, 'US');
}
