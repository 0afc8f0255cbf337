// Deliveries in MongoDB: each delivery's states as numbered revisions under a unique key; the highest is current.
import type { Collection } from 'mongodb';
import { advanceDelivery } from '../../feedback/advance-delivery.ts';
import type { DeliveryState, DeliveryTarget } from '../../feedback/delivery-state.ts';
import type { FeedbackRecord } from '../store.ts';
import { StoreUnavailableError } from '../store-unavailable-error.ts';
import { insertOnce, MAX_CONFLICT_RETRIES } from './insert-once.ts';
import type { DeliveryChangeDocument } from './mongo-schema.ts';

/** Takes the next revision of the delivery (an insert under a unique key); a taken revision: advance again. */
export async function advanceStoredDelivery(
  changes: Collection<DeliveryChangeDocument>,
  target: DeliveryTarget,
  record: FeedbackRecord,
): Promise<DeliveryState> {
  for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt += 1) {
    const latest = await latestDelivery(changes, target.deliveryKey);
    const next = advanceDelivery(latest?.delivery ?? null, target, record.status, record.receivedAt);
    if (latest && sameDelivery(latest.delivery, next)) return latest.delivery;
    const revision = (latest?.revision ?? 0) + 1;
    if (
      await insertOnce(changes, {
        _id: JSON.stringify([target.deliveryKey, revision]),
        deliveryKey: target.deliveryKey,
        revision,
        delivery: next,
      })
    ) {
      return next;
    }
  }
  throw new StoreUnavailableError(
    `delivery ${target.deliveryKey} kept changing under ${MAX_CONFLICT_RETRIES} attempts`,
  );
}

export async function latestDelivery(
  changes: Collection<DeliveryChangeDocument>,
  deliveryKey: string,
): Promise<DeliveryChangeDocument | null> {
  const [latest] = await changes.find({ deliveryKey }).sort({ revision: -1 }).limit(1).toArray();
  return latest ?? null;
}

function sameDelivery(a: DeliveryState, b: DeliveryState): boolean {
  return (
    a.deliveryKey === b.deliveryKey &&
    a.status === b.status &&
    a.final === b.final &&
    a.updatedAt === b.updatedAt &&
    a.outboxId === b.outboxId
  );
}
