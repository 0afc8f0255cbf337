// Phone numbers to E.164. Callbacks write them with or without '+': an all-digit number is international
// (Sinch, Infobip, Vonage and others leave out the '+'), so '+' is prepended before parsing.
import { parsePhoneNumberFromString } from 'libphonenumber-js';

const DIALLABLE = /^\+?[\d\s().-]+$/;

/** Parsing costs 5-50 µs; callbacks repeat the same few numbers (your own above all), so results are kept. */
const MEMO_SIZE = 10_000;
const memo = new Map<string, string | null>();

/** E.164, or null when the value is absent or not a possible phone number. */
export function normalizePhone(raw: unknown): string | null {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  if (text.length > 32) return null;
  const known = memo.get(text);
  if (known !== undefined) return known;
  const normalized = parse(text);
  if (memo.size >= MEMO_SIZE) memo.clear();
  memo.set(text, normalized);
  return normalized;
}

function parse(text: string): string | null {
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
