// What a log line may hold of an error: its type, code and stack, with phone numbers masked and the given values
// (a message text, a reply, a body's strings) cut out. An error passed to pino as is would log its message and
// whatever fields a driver hung on it (a MongoDB duplicate-key error quotes the key: a phone number).
import { redactValues } from './send/redact-echo.ts';
import { maskNumber } from './webhooks/texted-number.ts';

/** Every phone number (7+ digits, with a leading + or %2B) masked as maskNumber does: +1202*****77. */
export function maskPhoneNumbers(text: string): string {
  return text.replace(/(?:\+|%2B)?\d{7,}/gi, (match) => maskNumber(match.replace(/^%2B/i, '+')));
}

export function errorForLog(error: unknown, quoted: Iterable<string> = []): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const code = (error as { code?: unknown }).code;
  return {
    type: error.name,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    stack: maskPhoneNumbers(redactValues(error.stack ?? error.message, quoted)),
  };
}
