// Where one delivery stands, as advance-delivery.ts moves it and the store keeps it.
import type { CanonicalStatus } from '../events.ts';

export interface DeliveryState {
  /**
   * Correlation: the outbox id when the client reference names an outbox entry or the message id is the one
   * the provider gave a sent entry; else the provider's message id.
   */
  deliveryKey: string;
  status: CanonicalStatus;
  final: boolean;
  updatedAt: string;
  outboxId: string | null;
  /** The provider's time of the status ({{statusTimestamp}}), when its report had one. */
  statusTime?: string;
}

/** Which delivery a feedback record moves; the adapter resolves it (it knows the outbox). */
export interface DeliveryTarget {
  deliveryKey: string;
  outboxId: string | null;
}
