// One read-only request to a vendor that asks whether it has a message (SendClient.lookup), classified into a
// LookupOutcome. Any failure of the lookup itself is `unknown`: the caller must not take it for absence.
import { OutboundRefusedError, PUBLIC_ONLY } from './outbound-policy.ts';
import { AnswerTooLargeError, outboundFetch } from './outbound-request.ts';
import { DEFAULT_SEND_TIMEOUT_MS, invalidRequest, type ProviderRequestOptions } from './provider-request.ts';
import type { LookupOutcome } from './send-client.ts';

/**
 * Reads a 2xx JSON answer: the message id found, null when the vendor has no such message, undefined when the
 * answer is not shaped as expected (then nothing is concluded).
 */
export type ReadLookup = (body: unknown) => string | null | undefined;

export async function lookupProviderMessage(
  url: string,
  authorization: string,
  read: ReadLookup,
  options: ProviderRequestOptions = {},
): Promise<LookupOutcome> {
  const invalid = invalidRequest({ method: 'GET', url, headers: { authorization } });
  if (invalid) return { kind: 'unknown', reason: invalid };
  const timeoutMs = options.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  try {
    const response = await outboundFetch(
      url,
      { method: 'GET', headers: { authorization, accept: 'application/json' }, signal },
      options.outbound ?? PUBLIC_ONLY,
    );
    const text = response.body.toString('utf8');
    if (response.status < 200 || response.status >= 300)
      return { kind: 'unknown', reason: `lookup answered HTTP ${response.status}` };
    let body: unknown;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      return { kind: 'unknown', reason: 'lookup answered a body that is not JSON' };
    }
    const found = read(body);
    if (found === undefined) return { kind: 'unknown', reason: 'lookup answer is not shaped as expected' };
    return found === null ? { kind: 'absent' } : { kind: 'found', providerMessageId: found };
  } catch (error) {
    if (error instanceof OutboundRefusedError) return { kind: 'unknown', reason: `lookup refused: ${error.message}` };
    if (error instanceof AnswerTooLargeError) return { kind: 'unknown', reason: `lookup ${error.message}` };
    if (timeout.aborted) return { kind: 'unknown', reason: `lookup got no answer within ${timeoutMs} ms` };
    return { kind: 'unknown', reason: `lookup failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}
