// What a refused request may put in a log. Refusals are logged so an admin can see why a provider is turned
// away, but never with what a log must not hold: a phone number, a message text, a webhook's secret.
import { AppError } from '../errors.ts';
import { bodyValues, redactValues } from '../send/redact-echo.ts';
import { maskNumber } from '../webhooks/texted-number.ts';

/**
 * The refusal's message, unless it may quote the posted body: a payload mismatch names the value it found
 * (a phone number, a message text), a `__proto__` key's path is made of the body's keys. Those are logged by
 * where they are, not what they hold.
 */
export function loggableReason(error: AppError): string {
  const details: { path?: unknown; line?: unknown; column?: unknown } =
    typeof error.details === 'object' && error.details !== null ? error.details : {};
  switch (error.code) {
    case 'payload_mismatch':
      return `the payload does not match the webhook's template at ${typeof details.path === 'string' ? details.path : '$'} (the value found is not logged)`;
    case 'invalid_json':
      return `invalid JSON at line ${String(details.line)}, column ${String(details.column)}`;
    case 'bad_request':
      return details.path === undefined ? error.message : 'the body has a "__proto__" key';
    default:
      return error.message;
  }
}

/**
 * A request path fit for a log: a webhook URL's segments after its id (the secret) are cut, however the path
 * is spelled (routing ignores case and repeated slashes), and phone numbers are masked.
 */
export function withoutWebhookSecret(path: string): string {
  const segments = path.split('/').filter((segment) => segment !== '');
  if (segments[0]?.toLowerCase() === 'webhooks' && segments.length > 2)
    return maskPhoneNumbers(`/webhooks/${segments[1]}/…`);
  return maskPhoneNumbers(path);
}

/** Every phone number (7+ digits, with a leading + or %2B) masked as maskNumber does: +1202*****77. */
export function maskPhoneNumbers(text: string): string {
  return text.replace(/(?:\+|%2B)?\d{7,}/gi, (match) => maskNumber(match.replace(/^%2B/i, '+')));
}

/**
 * An error for a log line: its type, code and stack, without any value of the request's body (a driver error
 * may quote the message text it was given) and with phone numbers masked.
 */
export function loggableError(error: unknown, requestBody: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const code = (error as { code?: unknown }).code;
  const body = Buffer.isBuffer(requestBody) ? requestBody.toString('utf8') : requestBody;
  const quoted = typeof body === 'string' ? bodyValues(body) : [];
  return {
    type: error.name,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    stack: maskPhoneNumbers(redactValues(error.stack ?? error.message, quoted)),
  };
}
