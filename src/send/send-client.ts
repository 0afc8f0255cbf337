// The one interface every vendor's send client implements; the dispatcher never branches on the vendor.

export interface OutgoingMessage {
  outboxId: string; // also the idempotency / correlation key sent to the vendor where it takes one
  from: string;
  to: string;
  text: string;
}

/**
 * What a vendor says about an earlier attempt whose outcome is unknown: it has the message (under this id),
 * it has none under this outbox id, or it could not tell (the lookup itself failed).
 */
export type LookupOutcome =
  { kind: 'found'; providerMessageId: string } | { kind: 'absent' } | { kind: 'unknown'; reason: string };

export interface LookupQuery {
  outboxId: string;
  since: string; // ISO-8601: no attempt was made before this (the entry's creation)
}

/**
 * ok: the vendor accepted the message and named it `providerMessageId` (stored so delivery reports land on it).
 * Not ok: `retryable` is true for 5xx, 429, 408 and timeouts or network errors, false for every other refusal;
 * `retryAfterMs` carries the vendor's Retry-After when it sent one; `mayHaveSent` marks a failure after which
 * the vendor may nevertheless have the message.
 */
export type SendOutcome =
  | { ok: true; providerMessageId: string }
  | { ok: false; retryable: boolean; reason: string; retryAfterMs?: number; mayHaveSent?: true };

export type SendFailure = Extract<SendOutcome, { ok: false }>;

export interface SendClient {
  send(message: OutgoingMessage, signal?: AbortSignal): Promise<SendOutcome>;
  /** Asks the vendor whether it has a message sent under this outbox id; absent when the vendor cannot be asked. */
  lookup?(query: LookupQuery, signal?: AbortSignal): Promise<LookupOutcome>;
}

export function retryableFailure(reason: string, retryAfterMs?: number): SendFailure {
  return retryAfterMs === undefined
    ? { ok: false, retryable: true, reason }
    : { ok: false, retryable: true, reason, retryAfterMs };
}

/** Retryable, though the request may have reached the vendor (a timeout, a connection lost mid-request). */
export function unknownOutcome(reason: string): SendFailure {
  return { ok: false, retryable: true, reason, mayHaveSent: true };
}

export function permanentFailure(reason: string): SendFailure {
  return { ok: false, retryable: false, reason };
}
