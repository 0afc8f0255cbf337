// The keys that make each stored event idempotent, the same in every adapter. Hashed so that any raw value
// (JSON-typed status codes, ids with separators) gives a short, unambiguous id; the event id doubles as the
// outbox id, which a later issue sends as the provider's client reference.
import { hash } from 'node:crypto';
import type { FeedbackRecord } from './store.ts';

function digest(parts: unknown[]): string {
  return hash('sha256', JSON.stringify(parts), 'base64url').slice(0, 22); // one-shot: no Hash object per id
}

/** (webhookId, requestId): one inbound event, and its outbox entry. */
export function eventIdOf(webhookId: string, requestId: string): string {
  return digest(['inbound', webhookId, requestId]);
}

/** (webhookId, messageId, status, code); the client reference stands in for a missing message id. */
export function feedbackIdOf(record: FeedbackRecord): string {
  const correlation = record.messageId ?? { clientReference: record.clientReference };
  const key = ['feedback', record.webhookId, correlation, record.status.status ?? null, record.status.code ?? null];
  // Two reports of one status at different provider times ({{statusTimestamp}}) are two events; a retry is one.
  const providerTime = record.event.normalizedStatusTimestamp;
  return digest(typeof providerTime === 'string' ? [...key, providerTime] : key);
}

/** A callback body's id: the SHA-256 of its bytes, so a retried or repeated body is stored once. */
export function bodyIdOf(text: string): string {
  return hash('sha256', text, 'base64url');
}

/** A review item's opt-out confirmation in the outbox: one per item, apart from its message's own reply. */
export function reviewOutboxIdOf(itemId: string): string {
  return digest(['review', itemId]);
}
