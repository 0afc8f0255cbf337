// One HTTP request to a vendor, classified into a SendOutcome. Shared by every vendor's send client so that
// timeouts, Retry-After and the retryable/permanent split are decided in one place.
import { permanentFailure, retryableFailure, unknownOutcome, type SendOutcome } from './send-client.ts';
import { parseRetryAfter } from './retry-after.ts';
import { OutboundRefusedError, PUBLIC_ONLY, type OutboundPolicy } from './outbound-policy.ts';
import { AnswerTooLargeError, MAX_ANSWER_BYTES, outboundFetch } from './outbound-request.ts';
import { redactEcho } from './redact-echo.ts';

export const DEFAULT_SEND_TIMEOUT_MS = 10_000;
const REASON_BODY_CHARS = 200;
const MAX_ANSWER_BYTES_TEXT = `${MAX_ANSWER_BYTES / 1024} KiB`;
const NEVER_CONNECTED = /^network error: (ECONNREFUSED|ENOTFOUND|EAI_AGAIN)\b/;

export interface ProviderRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** What every HTTP send client takes besides its credentials. */
export interface HttpSendOptions {
  timeoutMs?: number; // per attempt, headers and body together; default 10 s
  now?: () => number; // the clock Retry-After dates are measured against
  outbound?: OutboundPolicy; // where requests may connect; default: public addresses only
}

export interface ProviderRequestOptions extends HttpSendOptions {
  signal?: AbortSignal;
}

/** A JSON POST with the vendor's Authorization header, as the Sinch and Infobip APIs take it. */
export function jsonPost(url: string, authorization: string, body: unknown): ProviderRequest {
  return {
    method: 'POST',
    url,
    headers: { authorization, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  };
}

/** `base` without trailing slashes, then each segment URL-encoded; `tail` is appended verbatim. */
export function vendorUrl(base: string, segments: string[], tail = ''): string {
  return [base.replace(/\/+$/, ''), ...segments.map(encodeURIComponent)].join('/') + tail;
}

/**
 * Reads a 2xx response body (parsed JSON, or the raw text when not JSON): the vendor's message id, or
 * `{ refused }` when the vendor answered 2xx yet refused the message (Infobip's REJECTED group), or null.
 */
export type ReadMessageId = (body: unknown) => string | { refused: string } | null;

export async function sendProviderRequest(
  request: ProviderRequest,
  readMessageId: ReadMessageId,
  options: ProviderRequestOptions = {},
): Promise<SendOutcome> {
  const invalid = invalidRequest(request);
  if (invalid) return permanentFailure(invalid);
  const timeoutMs = options.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  const now = options.now ?? Date.now;

  let status: number;
  let retryAfter: string | null;
  let text: string | null;
  try {
    const answer = await outboundFetch(
      request.url,
      { method: request.method, headers: request.headers, body: request.body, signal },
      options.outbound ?? PUBLIC_ONLY,
    );
    status = answer.status;
    retryAfter = answer.headers.get('retry-after');
    text = answer.body.toString('utf8');
  } catch (error) {
    if (error instanceof OutboundRefusedError) return permanentFailure(`refused to connect: ${error.message}`);
    if (!(error instanceof AnswerTooLargeError)) return failedRequest(error, timeout, timeoutMs, options.signal);
    status = error.status;
    retryAfter = error.headers.get('retry-after');
    text = null;
  }

  const said = text === null ? `an answer over ${MAX_ANSWER_BYTES_TEXT}, not read` : snippet(redactEcho(text, request));
  if (status >= 200 && status < 300) {
    const verdict = text === null ? null : readMessageId(parseBody(text));
    if (typeof verdict === 'string') return { ok: true, providerMessageId: verdict };
    if (verdict) return permanentFailure(`refused with HTTP ${status}: ${redactEcho(verdict.refused, request)}`);
    // Accepted: retrying could send the reply twice, so this is not retryable.
    return permanentFailure(`accepted with HTTP ${status}, but the response names no message id: ${said}`);
  }
  const reason = `HTTP ${status}${said ? `: ${said}` : ''}`;
  if (status === 429 || status === 408 || status >= 500)
    return retryableFailure(reason, parseRetryAfter(retryAfter, now()));
  return permanentFailure(reason);
}

function failedRequest(
  error: unknown,
  timeout: AbortSignal,
  timeoutMs: number,
  caller: AbortSignal | undefined,
): SendOutcome {
  // Retryable, though the request may have reached the vendor: the outbox entry is then in doubt, and the
  // dispatcher asks the vendor (lookup) before it sends again. Only a refused or unresolved connection is sure.
  if (timeout.aborted) return unknownOutcome(`no answer within ${timeoutMs} ms`);
  if (caller?.aborted) return unknownOutcome('send aborted before the vendor answered');
  const reason = `network error: ${describe(error)}`;
  return NEVER_CONNECTED.test(reason) ? retryableFailure(reason) : unknownOutcome(reason);
}

export function invalidRequest(request: ProviderRequest): string | null {
  if (!/^[A-Za-z]+$/.test(request.method)) return `invalid HTTP method "${request.method}"`;
  if (request.body !== undefined && /^(GET|HEAD)$/i.test(request.method))
    return `a ${request.method} request cannot have a body`;
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return 'invalid URL'; // not echoed: a rendered URL may carry a credential
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `URL must be http(s), got ${url.protocol}`;
  for (const [name, value] of Object.entries(request.headers)) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) return `invalid header name "${name}"`;
    if (/[\r\n\0]/.test(value)) return `header ${name} contains a line break or NUL`;
  }
  return null;
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > REASON_BODY_CHARS ? `${flat.slice(0, REASON_BODY_CHARS)}…` : flat;
}

function describe(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' ? `${code} ${cause.message}` : cause.message;
  }
  return error instanceof Error ? error.message : String(error);
}
