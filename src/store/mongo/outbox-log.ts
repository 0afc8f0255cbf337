// An outbox entry's current state, folded from its queued document and its steps (mongo-schema.ts).
import { settledFields } from '../outbox-transitions.ts';
import type { OutboxEntry } from '../store.ts';
import type { OutboxDocument, OutboxStepDocument } from './mongo-schema.ts';

export interface FoldedOutbox {
  entry: OutboxEntry;
  seq: number; // the last step's seq (0: none)
  owner: string | null; // who took the latest lease
}

/** `steps` in seq order. */
export function foldOutbox(document: OutboxDocument, steps: readonly OutboxStepDocument[]): FoldedOutbox {
  const entry: OutboxEntry = {
    id: document._id,
    webhookId: document.webhookId,
    requestId: document.requestId,
    reply: document.reply,
    createdAt: document.createdAt,
    state: 'pending',
    attempts: 0,
    nextAttemptAt: document.createdAt,
    lastAttemptAt: null,
    inDoubt: false,
    lastError: null,
    providerMessageId: null,
    sentAt: null,
  };
  let owner: string | null = null;
  let seq = 0;
  for (const step of steps) {
    seq = step.seq;
    if (step.kind === 'lease') {
      owner = step.owner;
      Object.assign(entry, {
        state: 'sending',
        attempts: step.attempt,
        nextAttemptAt: step.until,
        lastAttemptAt: step.at,
        inDoubt: step.inDoubt,
      });
    } else if (step.settlement) {
      const next = settledFields(step.settlement);
      entry.state = next.state;
      entry.nextAttemptAt = next.nextAttemptAt;
      entry.inDoubt = next.inDoubt;
      entry.lastError = next.lastError ?? entry.lastError;
      entry.providerMessageId = next.providerMessageId ?? entry.providerMessageId;
      entry.sentAt = next.sentAt;
    }
  }
  return { entry, seq, owner };
}

/** Whether an entry may be leased at `now`: pending and due, or sending with an expired lease. */
export function isDue(entry: OutboxEntry, now: string): boolean {
  return (
    (entry.state === 'pending' || entry.state === 'sending') &&
    entry.nextAttemptAt !== null &&
    entry.nextAttemptAt <= now
  );
}
