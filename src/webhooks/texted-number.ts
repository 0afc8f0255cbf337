// The number a person texted: the consent key's sender and the reply's sender. Providers post the callbacks of
// every number of an account to one URL, so it is the event's inbound number, not the rule file's.
import type { InboundEvent } from '../events.ts';

/**
 * The event's inbound number in E.164 where it has one, else as sent (a short code's digits, an alphanumeric
 * sender id's letters); `fallback` (the rule file's sender number) when the payload has none. A number that
 * does not normalise but has the fallback's digits is the fallback as written without its '+'.
 */
export function textedNumber(event: Pick<InboundEvent, 'inboundNumber' | 'normalized'>, fallback: string): string {
  if (event.normalized.inboundNumber !== null) return event.normalized.inboundNumber;
  const raw = event.inboundNumber;
  const sent = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' ? String(raw) : '';
  if (sent === '') return fallback;
  return sameNumber(sent, fallback) ? fallback : sent;
}

/** Equal, or the same digits written with and without '+', spaces or dashes. */
export function sameNumber(a: string, b: string): boolean {
  if (a === b) return true;
  const digits = (text: string) => (/^\+?[\d\s().-]+$/.test(text) ? text.replace(/\D/g, '') : null);
  const left = digits(a);
  return left !== null && left !== '' && left === digits(b);
}

/** A number for logs: its first five and last two characters, the rest starred (+1202*****43). */
export function maskNumber(number: string): string {
  if (number.length <= 7) return `${number.slice(0, 2)}${'*'.repeat(Math.max(0, number.length - 2))}`;
  return `${number.slice(0, 5)}${'*'.repeat(number.length - 7)}${number.slice(-2)}`;
}
