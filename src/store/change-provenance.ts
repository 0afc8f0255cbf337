// What a stored inbound event contributes to its consent change's hash, read the same way by every adapter.
import type { ChangeProvenance } from '../consent/consent-chain.ts';
import { eventIdOf } from './idempotency-keys.ts';
import type { InboundRecord } from './store.ts';

export function provenanceOf(record: InboundRecord): ChangeProvenance {
  const { id, version, contentHash } = record.ruleRevision;
  return {
    eventId: eventIdOf(record.webhookId, record.requestId),
    rawBodyHash: record.rawBodyHash ?? null,
    rule: { id, version, contentHash },
    category: record.category,
    keyword: record.keyword,
    reviewer: record.reviewer ?? null,
  };
}
