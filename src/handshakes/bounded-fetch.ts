// One GET a handshake makes on a provider's behalf, bounded: a deadline for the whole exchange, a cap on the
// body, no redirects (a redirect could lead off the allowed hosts), and the outbound policy's address check.
import { OutboundRefusedError, type OutboundPolicy } from '../send/outbound-policy.ts';
import { AnswerTooLargeError, outboundFetch } from '../send/outbound-request.ts';

export interface BoundedFetchOptions {
  timeoutMs: number;
  maxBytes: number;
  outbound: OutboundPolicy;
}

export type BoundedFetchResult = { ok: true; status: number; body: Buffer } | { ok: false; reason: string };

export async function boundedGet(url: string, options: BoundedFetchOptions): Promise<BoundedFetchResult> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const response = await outboundFetch(url, { method: 'GET', signal }, options.outbound, options.maxBytes);
    if (response.status >= 300 && response.status < 400)
      return { ok: false, reason: `answered ${response.status} (redirects are not followed)` };
    return { ok: true, status: response.status, body: response.body };
  } catch (error) {
    if (error instanceof OutboundRefusedError) return { ok: false, reason: `refused to connect: ${error.message}` };
    if (error instanceof AnswerTooLargeError) return { ok: false, reason: error.message };
    if (signal.aborted) return { ok: false, reason: `no answer within ${options.timeoutMs} ms` };
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    const code = typeof cause?.code === 'string' ? cause.code : null;
    return { ok: false, reason: `network error${code ? `: ${code}` : ''}` };
  }
}
