// The CloudEvents HTTP webhook abuse-protection handshake: an OPTIONS request asks, with WebHook-Request-Origin
// (and optionally WebHook-Request-Rate, requests per minute), whether it may deliver; a target that agrees
// answers with WebHook-Allowed-Origin and, when a rate was asked, WebHook-Allowed-Rate.

/** A DNS name (or `*`) as the spec describes the origin; anything else is refused rather than echoed. */
const ORIGIN = /^(\*|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)$/;
const RATE = /^[1-9][0-9]{0,8}$/;

export function cloudEventsValidationAnswer(
  headers: Record<string, string | string[] | undefined>,
): { headers: Record<string, string> } | { problem: string } {
  const origin = headers['webhook-request-origin'];
  if (typeof origin !== 'string' || origin === '')
    return {
      problem:
        'an OPTIONS request to a webhook URL is the CloudEvents validation handshake: it needs a WebHook-Request-Origin header',
    };
  if (!ORIGIN.test(origin)) return { problem: 'WebHook-Request-Origin is not a DNS name' };
  const answer: Record<string, string> = { allow: 'POST, OPTIONS', 'webhook-allowed-origin': origin };
  const rate = headers['webhook-request-rate'];
  if (rate !== undefined) {
    if (typeof rate !== 'string' || !RATE.test(rate))
      return { problem: 'WebHook-Request-Rate is not a positive integer (requests per minute)' };
    answer['webhook-allowed-rate'] = rate;
  }
  return { headers: answer };
}
