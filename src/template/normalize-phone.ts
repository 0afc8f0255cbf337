// Phone numbers to E.164. Callbacks write them with or without '+': an all-digit number is international
// (Sinch, Infobip, Vonage and others leave out the '+'), so '+' is prepended before parsing.
import { parsePhoneNumberFromString } from 'libphonenumber-js';

const DIALLABLE = /^\+?[\d\s().-]+$/;

/** E.164, or null when the value is absent or not a possible phone number. */
export function normalizePhone(raw: unknown): string | null {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  if (!DIALLABLE.test(text)) return null;
  const digits = text.replace(/\D/g, '');
  if (digits.length < 5 || digits.length > 15) return null;
  const parsed = parsePhoneNumberFromString(`+${digits.startsWith('00') ? digits.slice(2) : digits}`);
  return parsed?.isPossible() ? parsed.number : null;
}

/** A sender: E.164 when it is a number, the alphanumeric sender id (e.g. "AcmeInc") as given otherwise. */
export function normalizeSender(raw: unknown): string | null {
  if (typeof raw === 'string' && /[A-Za-z]/.test(raw)) return raw.trim();
  return normalizePhone(raw);
}
