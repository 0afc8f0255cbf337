// Which delivery a feedback record moves: the outbox entry its client reference names, else the provider's
// message id. The adapter says whether the outbox entry exists; this decides the key.
import type { DeliveryTarget, FeedbackRecord } from './store.ts';

export function deliveryTargetOf(record: FeedbackRecord, clientReferenceIsOutboxId: boolean): DeliveryTarget {
  const reference = record.clientReference;
  if (reference !== null && clientReferenceIsOutboxId) return { deliveryKey: reference, outboxId: reference };
  const deliveryKey = record.messageId ?? reference ?? `unreferenced:${record.webhookId}`;
  return { deliveryKey, outboxId: null };
}
