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
  const quick = fromIsoShape(raw);
  return quick === undefined ? fromAnyShape(raw) : quick;
}

/** The whole grammar above, by regular expression (the reference for fromIsoShape). */
export function fromAnyShape(raw: string): string | null {
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
  if (offsetMinutes === 0)
    return `${year}-${month}-${day}T${hour}:${minute}:${second.padStart(2, '0')}${fractionText}Z`;
  return shifted(y, mo, d, h, mi, s, offsetMinutes, fractionText);
}

/**
 * The shape nearly every provider sends, with every field in range: the strict subset of PATTERN that
 * fromIsoShape reads by position. Anything else (or out of range) is left to fromAnyShape.
 */
const ISO_SHAPE =
  /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])[T ](?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|[+-](?:[01]\d|2[0-3])(?::?[0-5]\d)?)?$/;

/**
 * YYYY-MM-DD, T or a space, HH:MM:SS, an optional '.' fraction, then Z, +HH:MM, +HHMM, +HH (or -) or no
 * zone (UTC). Undefined for any other shape.
 */
function fromIsoShape(text: string): string | null | undefined {
  if (!ISO_SHAPE.test(text)) return undefined;
  // Days 29 to 31 are the only fields the shape cannot judge alone.
  const dayTens = text.charCodeAt(8);
  if ((dayTens === TWO && text.charCodeAt(9) === NINE) || dayTens === THREE) {
    if (twoDigits(text, 8) > daysIn(twoDigits(text, 0) * 100 + twoDigits(text, 2), twoDigits(text, 5))) return null;
  }
  const length = text.length;
  // The shape is known, so the only sign after the seconds is the zone's.
  const last = text.charCodeAt(length - 1);
  let zoneAt = length;
  if (last === Z) zoneAt = length - 1;
  else if (length - 6 >= 19 && isSign(text.charCodeAt(length - 6))) zoneAt = length - 6;
  else if (length - 5 >= 19 && isSign(text.charCodeAt(length - 5))) zoneAt = length - 5;
  else if (length - 3 >= 19 && isSign(text.charCodeAt(length - 3))) zoneAt = length - 3;
  const digits = zoneAt - 20;
  // Already canonical: nothing to build.
  if (last === Z && text.charCodeAt(10) === T && (digits === 3 || digits === 6 || digits === 9)) return text;
  const fraction = digits > 0 ? text.slice(20, zoneAt) : '';
  const offsetMinutes =
    zoneAt < length - 1
      ? (text.charCodeAt(zoneAt) === DASH ? -1 : 1) *
        (twoDigits(text, zoneAt + 1) * 60 + (length - zoneAt === 3 ? 0 : twoDigits(text, length - 2)))
      : 0;
  if (offsetMinutes === 0) {
    const kept =
      digits === 3 || digits === 6 || digits === 9
        ? text.slice(19, zoneAt)
        : digits > 0
          ? fractionDigits(fraction)
          : '.000';
    return text.charCodeAt(10) === T
      ? text.slice(0, 19) + kept + 'Z'
      : text.slice(0, 10) + 'T' + text.slice(11, 19) + kept + 'Z';
  }
  return shifted(
    twoDigits(text, 0) * 100 + twoDigits(text, 2),
    twoDigits(text, 5),
    twoDigits(text, 8),
    twoDigits(text, 11),
    twoDigits(text, 14),
    twoDigits(text, 17),
    offsetMinutes,
    fractionDigits(fraction),
  );
}

/** A local time at `offsetMinutes` east of UTC, as UTC; null when that falls outside years 0000-9999. */
function shifted(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  offsetMinutes: number,
  fractionText: string,
): string | null {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // not Date.UTC, which reads years 0-99 as 1900-1999
  date.setUTCHours(hour, minute, second, 0);
  const utc = new Date(date.getTime() - offsetMinutes * 60_000);
  const utcYear = utc.getUTCFullYear();
  if (utcYear < 0 || utcYear > 9999) return null;
  return `${utc.toISOString().slice(0, 19)}${fractionText}Z`;
}

const DASH = 45;
const PLUS = 43;
const TWO = 50;
const THREE = 51;
const NINE = 57;
const T = 84;
const Z = 90;

function isSign(code: number): boolean {
  return code === PLUS || code === DASH;
}

/** The two ASCII digits at `at`. */
function twoDigits(text: string, at: number): number {
  return text.charCodeAt(at) * 10 + text.charCodeAt(at + 1) - 528;
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
