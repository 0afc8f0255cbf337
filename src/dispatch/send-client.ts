// The one interface every vendor's send client implements; the dispatcher never branches on the vendor.

export interface OutgoingMessage {
  outboxId: string; // also the idempotency / correlation key sent to the vendor where it takes one
  from: string;
  to: string;
  text: string;
}

/**
 * ok: the vendor accepted the message and named it `providerMessageId` (stored so delivery reports land on it).
 * Not ok: `retryable` is true for 5xx, 429, 408 and timeouts or network errors, false for every other refusal;
 * `retryAfterMs` carries the vendor's Retry-After when it sent one.
 */
export type SendOutcome =
  | { ok: true; providerMessageId: string }
  | { ok: false; retryable: boolean; reason: string; retryAfterMs?: number };

export interface SendClient {
  send(message: OutgoingMessage, signal?: AbortSignal): Promise<SendOutcome>;
}

export function retryableFailure(reason: string, retryAfterMs?: number): SendOutcome {
  return retryAfterMs === undefined ? { ok: false, retryable: true, reason } : { ok: false, retryable: true, reason, retryAfterMs };
}

export function permanentFailure(reason: string): SendOutcome {
  return { ok: false, retryable: false, reason };
}
