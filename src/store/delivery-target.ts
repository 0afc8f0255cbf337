// Which delivery a feedback record moves: the outbox entry the adapter found for it (by client reference, or
// by the provider message id a sent entry stored), else the provider's message id.
import type { DeliveryTarget, FeedbackRecord } from './store.ts';

export function deliveryTargetOf(record: FeedbackRecord, outboxId: string | null): DeliveryTarget {
  if (outboxId !== null) return { deliveryKey: outboxId, outboxId };
  const deliveryKey = record.messageId ?? record.clientReference ?? `unreferenced:${record.webhookId}`;
  return { deliveryKey, outboxId: null };
}
