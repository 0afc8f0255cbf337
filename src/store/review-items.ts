// What every adapter decides alike about review items: when recordInbound opens or closes one, its shape, and
// the resolutions a reviewer or a later opt-out writes.
import type { ConsentChange } from '../consent/transition.ts';
import { eventIdOf } from './idempotency-keys.ts';
import type { InboundRecord, ReviewDecisionInput, ReviewItem, ReviewResolution } from './store.ts';

/** The category of every fuzzy opt-out decision, whichever tier (F0-F4) made it. */
const FUZZY_CATEGORY = 'fuzzy-opt-out';
/** An exact opt-out keyword: it answers the question a review item asks. */
const EXACT_OPT_OUT = 'opt-out';

/** A fuzzy opt-out that left the person not opted out opens an item (one per event: its id is the event's). */
export function reviewItemOf(record: InboundRecord, change: ConsentChange | null): ReviewItem | null {
  if (record.category !== FUZZY_CATEGORY || record.consentKey === null || change === null) return null;
  if (change.after.state === 'opted-out') return null;
  const explanation = record.explanation as { rule?: unknown } | null;
  const text = record.event.inboundMessage;
  return {
    id: eventIdOf(record.webhookId, record.requestId),
    webhookId: record.webhookId,
    requestId: record.requestId,
    receivedAt: record.receivedAt,
    eventTime: record.eventTime,
    consentKey: record.consentKey,
    inboundNumber: inboundNumberOf(record),
    text: typeof text === 'string' ? text : '',
    rule: typeof explanation?.rule === 'string' ? explanation.rule : FUZZY_CATEGORY,
    keyword: record.keyword,
    state: 'open',
    resolution: null,
  };
}

/** An exact opt-out closes the open items of the same person and sender. */
export function closesReviews(record: InboundRecord): boolean {
  return record.category === EXACT_OPT_OUT && record.consentKey !== null;
}

export function closedResolution(record: InboundRecord, itemId: string): ReviewResolution {
  return {
    decision: 'closed',
    itemId,
    by: 'a later opt-out keyword',
    at: record.receivedAt,
    note: null,
    closedBy: { webhookId: record.webhookId, requestId: record.requestId },
    consent: null,
    outboxId: null,
  };
}

export function decidedResolution(
  itemId: string,
  input: ReviewDecisionInput,
  consent: ConsentChange | null,
  outboxId: string | null,
): ReviewResolution {
  return {
    decision: input.decision,
    itemId,
    by: input.by,
    at: input.at,
    note: input.note,
    closedBy: null,
    consent: consent && {
      changed: consent.changed,
      before: consent.before,
      after: consent.after,
      reason: consent.reason,
    },
    outboxId,
  };
}

/** The reason recorded on the reviewed message's consent change (what makes `consent rekey` keep it). */
export function reviewReason(input: ReviewDecisionInput, itemId: string): string {
  return `opted out by reviewer ${input.by} (review item ${itemId})`;
}

/** The number the person texted (ingestion always records it), where a reply to them goes from. */
function inboundNumberOf(record: InboundRecord): string | null {
  const normalized = record.event.normalized;
  const number =
    typeof normalized === 'object' && normalized !== null
      ? (normalized as Record<string, unknown>).inboundNumber
      : undefined;
  return typeof number === 'string' ? number : null;
}
