// Whether an inbound event's reply is queued. A consent keyword that came too late to move the consent (its
// event is older than the last change: a STOP delivered after the YES the person sent next) gets no reply: it
// would tell the person the opposite of their consent. Its record keeps the reason (consentReason), no outbox id.
import type { ConsentChange } from '../consent/transition.ts';
import type { ConsentRule, InboundRecord } from './store.ts';

export function queuesReply(record: InboundRecord, rule: ConsentRule, change: ConsentChange | null): boolean {
  if (record.reply === null) return false;
  if (change === null || rule.effect === null || change.changed) return true;
  return change.before.changedAt === null || record.eventTime >= change.before.changedAt;
}
