// What a refused request may put in a log. Refusals are logged so an admin can see why a provider is turned
// away, but never with what a log must not hold: a phone number, a message text, a webhook's secret.
import { AppError } from '../errors.ts';

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

/** A request path fit for a log: a webhook URL's last segment is its secret. */
export function withoutWebhookSecret(path: string): string {
  return path.replace(/^(\/webhooks\/[^/]+\/)[^/]*/, '$1…');
}
