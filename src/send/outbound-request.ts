// Every HTTP request Optline makes on its own (sends, lookups, SNS confirmation) goes through here: the
// destination is checked against the outbound policy (on the resolved addresses, at connection time), no
// redirect is followed, and no more than `maxBytes` of the answer is read (issue 15, findings 6 and 11).
import type { Dispatcher } from 'undici';
import {
  allowedRanges,
  allowsHostPort,
  checkedLookup,
  literalRefusal,
  OutboundRefusedError,
  type OutboundPolicy,
} from './outbound-policy.ts';

/** What a provider's answer is read up to: message ids and errors fit many times over. */
export const MAX_ANSWER_BYTES = 256 * 1024;

export interface OutboundRequest {
  method: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export interface OutboundAnswer {
  status: number;
  headers: Headers;
  body: Buffer;
}

/** The answer was larger than allowed; reading stopped there and the connection was closed. */
export class AnswerTooLargeError extends Error {
  override name = 'AnswerTooLargeError';
  constructor(
    readonly maxBytes: number,
    readonly status: number,
    readonly headers: Headers,
  ) {
    super(`answered more than ${maxBytes} bytes`);
  }
}

// undici (~18 MB) is loaded on the first outbound request, not at start: many instances never send.
const importUndici = () => import('undici');
let undiciModule: ReturnType<typeof importUndici> | undefined;
const loadUndici = () => (undiciModule ??= importUndici());

const agents = new WeakMap<OutboundPolicy, Dispatcher>();
let unchecked: Dispatcher | undefined;

async function agentFor(policy: OutboundPolicy | null): Promise<Dispatcher> {
  const { Agent } = await loadUndici();
  if (policy === null) return (unchecked ??= new Agent());
  let agent = agents.get(policy);
  if (agent === undefined) {
    agent = new Agent({ connect: { lookup: checkedLookup(allowedRanges(policy.allow)) } });
    agents.set(policy, agent);
  }
  return agent;
}

/**
 * Throws OutboundRefusedError (destination not allowed), AnswerTooLargeError, or what fetch throws (network
 * errors, aborts).
 */
export async function outboundFetch(
  url: string,
  request: OutboundRequest,
  policy: OutboundPolicy,
  maxBytes = MAX_ANSWER_BYTES,
): Promise<OutboundAnswer> {
  const parsed = new URL(url);
  const hostPortAllowed = allowsHostPort(parsed, policy);
  const refusal = literalRefusal(parsed, policy);
  if (refusal !== null) throw new OutboundRefusedError(refusal);
  const { fetch } = await loadUndici();
  const dispatcher = await agentFor(hostPortAllowed ? null : policy);
  let response;
  try {
    response = await fetch(url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: request.signal,
      dispatcher,
    });
  } catch (error) {
    const refused = refusalIn(error);
    throw refused ?? error;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      size += read.value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw new AnswerTooLargeError(maxBytes, response.status, response.headers as unknown as Headers);
      }
      chunks.push(Buffer.from(read.value));
    }
  }
  return {
    status: response.status,
    headers: response.headers as unknown as Headers,
    body: Buffer.concat(chunks, size),
  };
}

function refusalIn(error: unknown): OutboundRefusedError | null {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current instanceof OutboundRefusedError) return current;
    current = current.cause;
  }
  return null;
}
