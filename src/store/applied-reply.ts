// What an inbound record keeps of its reply once consent has decided: a consent keyword that consent did not
// apply (older than the last change) gets no reply, since its confirmation ("you are unsubscribed") would be
// untrue; the stored record then says so too. Every adapter stores what this returns.
import type { ConsentChange } from '../consent/transition.ts';
import type { InboundRecord } from './store.ts';

export function withAppliedReply(record: InboundRecord, change: ConsentChange | null): InboundRecord {
  return change?.outOfOrder && record.reply !== null ? { ...record, reply: null } : record;
}
