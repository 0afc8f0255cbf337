// What a single sample value looks like, judged from the value alone: a phone number, an id, a time, a status
// word, free text. Which field it is also depends on its key: that is weighed in suggest-template.ts.
import { CUSTOM_STATUSES } from '../custom-statuses.ts';
import { normalizePhone } from '../normalize-phone.ts';
import { normalizeTimestamp } from '../normalize-timestamp.ts';

/** Longer values are judged as free text only: no phone, id, time or status word is this long. */
const SHORT = 64;

/** The E.164 form of a phone-number-shaped value (7 to 15 digits, optional '+', separators), or undefined. */
export function phoneShape(value: unknown): string | undefined {
  const text = typeof value === 'string' ? value : Number.isSafeInteger(value) ? String(value) : undefined;
  if (text === undefined || text.length > 32 || !/^\+?[\d\s().-]+$/.test(text)) return undefined;
  const digits = text.replace(/\D/g, '').length;
  if (digits < 7) return undefined;
  return normalizePhone(text) ?? undefined;
}

/**
 * An opaque identifier: one token of letters, digits and `-_.:` with at least one digit, six characters or
 * more (a UUID, a ULID, "0A0000000123ABCD1"), or a safe integer of six digits or more.
 */
export function idShape(value: unknown): boolean {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 100_000;
  if (typeof value !== 'string' || value.length < 6 || value.length > SHORT) return false;
  return /^[A-Za-z0-9._:-]+$/.test(value) && /\d/.test(value);
}

/**
 * The ISO-8601 UTC form of a time value, in any format the normaliser reads. A calendar time is recognised
 * by its shape; an epoch number (or digit string) only when its key speaks of time, since ids and phone
 * numbers are digits too.
 */
export function timeShape(value: unknown, keyTalksOfTime: boolean): string | undefined {
  if (typeof value === 'string') {
    if (value.length > SHORT) return undefined;
    if (/^\d+(\.\d+)?$/.test(value.trim()) && !keyTalksOfTime) return undefined;
    return normalizeTimestamp(value) ?? undefined;
  }
  if (typeof value === 'number' && keyTalksOfTime) return normalizeTimestamp(value) ?? undefined;
  return undefined;
}

/** A word Optline's Custom status table knows (delivered, FAILED, Queued...), case-insensitive. */
export function knownStatus(value: unknown): boolean {
  return typeof value === 'string' && Object.hasOwn(CUSTOM_STATUSES, value.toLowerCase());
}

/** A status-shaped word: one token of letters (and `_ -`), as providers spell their status enums. */
export function statusShape(value: unknown): boolean {
  return typeof value === 'string' && value.length <= 40 && /^[A-Za-z][A-Za-z_ -]*$/.test(value);
}

/** Text a person could have typed: a string with a letter in it that is not an identifier or a time. */
export function freeTextShape(value: unknown): boolean {
  if (typeof value !== 'string' || value.length === 0) return false;
  return /\p{L}/u.test(value) && timeShape(value, false) === undefined;
}
