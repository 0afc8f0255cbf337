// What a refused request may put in a log. Refusals are logged so an admin can see why a provider is turned
// away, but never with what a log must not hold: a phone number, a message text, a webhook's secret.
import { AppError } from '../errors.ts';
import { errorForLog, maskPhoneNumbers } from '../logged-error.ts';
import { bodyValues } from '../send/redact-echo.ts';

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

/**
 * An error for a log line (see logged-error.ts), also without any value of the request's body: a driver error
 * may quote the message text it was given.
 */
export function loggableError(error: unknown, requestBody: unknown): Record<string, unknown> {
  const body = Buffer.isBuffer(requestBody) ? requestBody.toString('utf8') : requestBody;
  return errorForLog(error, typeof body === 'string' ? bodyValues(body) : []);
}
