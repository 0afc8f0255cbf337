// The delivery status machine: statuses only move forward (queued < sent < delivered < read); a failure ends a
// delivery that was not yet final; a final status never regresses, and only `read` may follow `delivered`.
// Idempotent, so a replayed or re-applied callback changes nothing. Reports that carry the provider's status time
// are ordered by it: one timed before the report that set a non-final status changes nothing.
import type { CanonicalStatus, FeedbackStatus } from '../events.ts';
import type { DeliveryState, DeliveryTarget } from './delivery-state.ts';

const PROGRESS: Partial<Record<CanonicalStatus, number>> = { unknown: 0, queued: 1, sent: 2, delivered: 3, read: 4 };
const FAILURES: ReadonlySet<CanonicalStatus> = new Set(['undelivered', 'failed', 'rejected', 'expired', 'canceled']);

export function isFinalStatus(status: CanonicalStatus): boolean {
  return FAILURES.has(status) || status === 'delivered' || status === 'read';
}

export function advanceDelivery(
  current: DeliveryState | null,
  target: DeliveryTarget,
  status: FeedbackStatus,
  at: string,
): DeliveryState {
  const next: DeliveryState = {
    deliveryKey: target.deliveryKey,
    status: status.canonical,
    final: status.final || isFinalStatus(status.canonical),
    updatedAt: at,
    outboxId: target.outboxId,
  };
  if (status.at !== undefined) next.statusTime = status.at;
  if (current === null) return next;
  // A report the provider timed before the one that set a non-final status arrived late: it is history.
  if (!current.final && isOlder(status.at, current.statusTime)) return current;
  if (!moves(current, status.canonical)) return current;
  const statusTime = status.at ?? current.statusTime;
  return {
    ...next,
    outboxId: current.outboxId ?? target.outboxId,
    ...(statusTime === undefined ? {} : { statusTime }),
  };
}

function isOlder(time: string | undefined, than: string | undefined): boolean {
  return time !== undefined && than !== undefined && Date.parse(time) < Date.parse(than);
}

function moves(current: DeliveryState, to: CanonicalStatus): boolean {
  if (current.final) return current.status === 'delivered' && to === 'read';
  if (FAILURES.has(to)) return true;
  return (PROGRESS[to] ?? 0) > (PROGRESS[current.status] ?? 0);
}
