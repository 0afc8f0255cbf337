// A phone number from a URL or query: E.164; digits without '+' are read as international.
import { parsePhoneNumberFromString } from 'libphonenumber-js'; // the metadata normalize-phone already loads
import { AppError } from '../errors.ts';

export function e164(text: string): string {
  const trimmed = text.trim();
  const parsed = parsePhoneNumberFromString(/^\d+$/.test(trimmed) ? `+${trimmed}` : trimmed);
  if (!parsed) throw new AppError('bad_request', `"${text}" is not a phone number (use E.164, e.g. +15550100)`);
  return parsed.number;
}
