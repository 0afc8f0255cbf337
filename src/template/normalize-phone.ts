// Phone numbers to E.164. Callbacks write them with or without '+': an all-digit number is international
// (Sinch, Infobip, Vonage and others leave out the '+'), so '+' is prepended before parsing.
import { parsePhoneNumberFromString } from 'libphonenumber-js';

const DIALLABLE = /^\+?[\d\s().-]+$/;
const LETTER = /[A-Za-z]/;

/**
 * Parsing costs 5-50 µs; callbacks repeat the same few numbers (your own above all), so results are kept,
 * keyed by the text exactly as it came. A full memo starts again empty.
 */
const MEMO_SIZE = 10_000;
const phones = new Map<string, string | null>();
const senders = new Map<string, string | null>();

/** E.164, or null when the value is absent or not a possible phone number. */
export function normalizePhone(raw: unknown): string | null {
  const text = typeof raw === 'string' ? raw : typeof raw === 'number' ? String(raw) : undefined;
  if (text === undefined) return null;
  const known = phones.get(text);
  if (known !== undefined) return known;
  return remember(phones, text, parse(text.trim()));
}

/** A sender: E.164 when it is a number, the alphanumeric sender id (e.g. "AcmeInc") as given otherwise. */
export function normalizeSender(raw: unknown): string | null {
  if (typeof raw !== 'string') return normalizePhone(raw);
  const known = senders.get(raw);
  if (known !== undefined) return known;
  return remember(senders, raw, LETTER.test(raw) ? raw.trim() : normalizePhone(raw));
}

function remember(memo: Map<string, string | null>, text: string, value: string | null): string | null {
  if (text.length > 64) return value;
  if (memo.size >= MEMO_SIZE) memo.clear();
  memo.set(text, value);
  return value;
}

function parse(text: string): string | null {
  if (text.length > 32 || !DIALLABLE.test(text)) return null;
  const digits = text.replace(/\D/g, '');
  if (digits.length < 5 || digits.length > 15) return null;
  const parsed = parsePhoneNumberFromString(`+${digits.startsWith('00') ? digits.slice(2) : digits}`);
  return parsed?.isPossible() ? parsed.number : null;
}

/** How many number-like values are parsed between two turns of the event loop when a body is warmed. */
export const WARM_SLICE_SIZE = 256;

/**
 * Parses, ahead of extraction, every number-like string or integer in a parsed body, WARM_SLICE_SIZE at a time
 * with a turn of the event loop between slices, so the synchronous extraction that follows finds them memoised.
 * A 2,439-result batch otherwise parses as many numbers in one 50-100 ms stretch and stalls every other callback.
 * Only the memo changes: extraction still decides which values are numbers and what a bad one means.
 * Resolves to the number of slices parsed.
 */
export async function warmPhoneMemo(
  payload: unknown,
  nextTurn: () => Promise<void> = () => new Promise((resolve) => setImmediate(resolve)),
): Promise<number> {
  const pending = new Set<string>();
  collectNumberLike(payload, pending, 0);
  const unknown = [...pending].filter((text) => !phones.has(text));
  if (unknown.length <= WARM_SLICE_SIZE) return 0; // a small body: extraction parses it in well under a millisecond
  let slices = 0;
  for (let start = 0; start < unknown.length; start += WARM_SLICE_SIZE) {
    for (const value of unknown.slice(start, start + WARM_SLICE_SIZE)) normalizePhone(value);
    slices++;
    await nextTurn();
  }
  return slices;
}

const NUMBER_LIKE = /^\+?\d[\d\s().-]{3,30}$/;

function collectNumberLike(value: unknown, into: Set<string>, depth: number): void {
  if (typeof value === 'string') {
    if (NUMBER_LIKE.test(value)) into.add(value);
  } else if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && value >= 10_000) into.add(String(value));
  } else if (value !== null && typeof value === 'object' && depth < 64) {
    for (const entry of Array.isArray(value) ? value : Object.values(value)) collectNumberLike(entry, into, depth + 1);
  }
}
