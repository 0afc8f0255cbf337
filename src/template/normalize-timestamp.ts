// Timestamps to ISO-8601 UTC. Accepts ISO/RFC 3339 with 'Z', '+00:00' or '+0000' offsets, a zone-less
// 'YYYY-MM-DD HH:MM:SS' (UTC, as Vonage means it), and epoch seconds or milliseconds (numbers or digit
// strings). Fractions are kept to nanoseconds: at least milliseconds, then as many digit groups as given.

const PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Below this, an epoch number is in seconds; from it on, in milliseconds (1e11 s is the year 5138). */
const MILLISECONDS_FROM = 1e11;
/** Beyond this a number is neither (microseconds or garbage). */
const EPOCH_LIMIT = 1e14;

export function normalizeTimestamp(raw: unknown): string | null {
  if (typeof raw === 'number') return fromEpoch(raw);
  if (typeof raw !== 'string') return null;
  const text = raw.trim();
  if (/^\d{9,14}(\.\d+)?$/.test(text)) return fromEpoch(Number(text));
  const match = PATTERN.exec(text);
  if (match === null) return null;
  const [, year = '', month = '', day = '', hour = '', minute = '', second = '00', fraction = '', zone = 'Z'] = match;
  const offsetMinutes = zoneOffset(zone);
  if (offsetMinutes === undefined) return null;
  const y = Number(year);
  const mo = Number(month);
  const d = Number(day);
  const h = Number(hour);
  const mi = Number(minute);
  const s = Number(second);
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || s > 59) return null;
  const fractionText = fractionDigits(fraction);
  // Already UTC: the fields are the answer (no Date round trip on the hot path).
  if (offsetMinutes === 0) return `${year}-${month}-${day}T${hour}:${minute}:${second.padStart(2, '0')}${fractionText}Z`;
  const millis = Date.UTC(y, mo - 1, d, h, mi, s) - offsetMinutes * 60_000;
  return `${new Date(millis).toISOString().slice(0, 19)}${fractionText}Z`;
}

function fromEpoch(value: number): string | null {
  if (!Number.isFinite(value) || value < 0 || value >= EPOCH_LIMIT) return null;
  const millis = value < MILLISECONDS_FROM ? value * 1000 : value;
  const whole = Math.floor(millis);
  const iso = new Date(whole).toISOString();
  // Sub-millisecond parts of epoch numbers are floating-point noise: keep milliseconds.
  return iso;
}

/** Minutes east of UTC, or undefined for an impossible offset. */
function zoneOffset(zone: string): number | undefined {
  if (zone === 'Z' || /^(Z|UTC|GMT)$/i.test(zone)) return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return undefined;
  return sign * (hours * 60 + minutes);
}

/** '.386' for 3 digits or fewer (padded), 6 or 9 digits when more precision is given; at most 9. */
function fractionDigits(fraction: string): string {
  const kept = fraction.slice(0, 9);
  const width = kept.length <= 3 ? 3 : kept.length <= 6 ? 6 : 9;
  return `.${kept.padEnd(width, '0')}`;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return (DAYS[month - 1] ?? 31) + (leap ? 1 : 0);
}
