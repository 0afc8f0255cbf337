// How an outbox entry changes, the same in every adapter: what a settlement sets, and which of a number's
// replies the reply guard sees.
import type { OutboxEntry, OutboxSettlement, OutboxState, ReplyHistory } from './store.ts';

export interface SettledFields {
  state: OutboxState;
  nextAttemptAt: string | null;
  inDoubt: boolean;
  lastError: string | null; // null: keep the one stored
  providerMessageId: string | null; // null: keep the one stored
  sentAt: string | null;
}

export function settledFields(settlement: OutboxSettlement): SettledFields {
  switch (settlement.outcome) {
    case 'sent':
      return {
        state: 'sent',
        nextAttemptAt: null,
        inDoubt: false,
        lastError: null,
        providerMessageId: settlement.providerMessageId,
        sentAt: settlement.at,
      };
    case 'retry':
      return {
        state: 'pending',
        nextAttemptAt: settlement.nextAttemptAt,
        inDoubt: settlement.inDoubt,
        lastError: settlement.reason,
        providerMessageId: null,
        sentAt: null,
      };
    case 'failed':
    case 'suppressed':
      return {
        state: settlement.outcome,
        nextAttemptAt: null,
        inDoubt: false,
        lastError: settlement.reason,
        providerMessageId: null,
        sentAt: null,
      };
  }
}

/** Sent entries at their sentAt and entries being sent at their last attempt, newest first. */
export function recentRepliesOf(entries: readonly OutboxEntry[]): ReplyHistory['replies'] {
  const replies: ReplyHistory['replies'] = [];
  for (const entry of entries) {
    const at = entry.state === 'sent' ? entry.sentAt : entry.state === 'sending' ? entry.lastAttemptAt : null;
    if (at === null || (entry.state !== 'sent' && entry.state !== 'sending')) continue;
    replies.push({
      from: entry.reply.from,
      text: entry.reply.text,
      category: entry.reply.category,
      at,
      queuedAt: entry.createdAt,
      state: entry.state,
    });
  }
  return replies.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}
