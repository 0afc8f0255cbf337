// The outbox in MongoDB: each entry a queued document plus a log of steps (leases, settlements) under unique
// (entry, seq) keys; an entry's state is folded from its steps (outbox-log.ts). The state and due time written
// on the entry are only a hint for finding due entries, which may lag.
import { ObjectId } from 'mongodb';
import type {
  FeedbackRecord,
  InboundRecord,
  LeasedOutboxEntry,
  OutboxEntry,
  OutboxLease,
  OutboxSettlement,
  OutboxState,
} from '../store.ts';
import { isoTime } from '../query-time.ts';
import { insertOnce } from './insert-once.ts';
import type { MongoCollections, OutboxDocument, OutboxStepDocument } from './mongo-schema.ts';
import { foldOutbox, isDue, type FoldedOutbox } from './outbox-log.ts';

/** Entries folded per round trip for their steps when listing the whole outbox. */
const OUTBOX_BATCH = 200;

export class MongoOutbox {
  constructor(private readonly c: MongoCollections) {}

  /** The entry of an inbound event's reply, keyed by the event id so that a resumed event cannot queue it twice. */
  async enqueue(id: string, record: InboundRecord): Promise<void> {
    if (!record.reply) return;
    // false: queued by an earlier attempt or a concurrent copy, which is as good.
    await insertOnce(this.c.outbox, {
      _id: id,
      order: new ObjectId(),
      webhookId: record.webhookId,
      requestId: record.requestId,
      reply: record.reply,
      createdAt: record.receivedAt,
      state: 'pending',
      dueAt: record.receivedAt,
      hintSeq: 0,
      day: record.receivedAt.slice(0, 10),
    });
  }

  /** The entry a feedback record is about: named by its client reference, else by the provider's message id. */
  async entryIdOf(record: FeedbackRecord): Promise<string | null> {
    const reference = record.clientReference;
    if (reference !== null && (await this.c.outbox.countDocuments({ _id: reference }, { limit: 1 })) > 0)
      return reference;
    if (record.messageId === null) return null;
    return (await this.c.outboxSteps.findOne({ providerMessageId: record.messageId }))?.entryId ?? null;
  }

  async list(query: { state?: OutboxState; limit?: number }): Promise<OutboxEntry[]> {
    const limit = query.limit ?? 100;
    const entries: OutboxEntry[] = [];
    // The hint may lag, so every entry's state is folded from its steps and filtered here.
    const cursor = this.c.outbox.find({}).sort({ order: 1 }).batchSize(OUTBOX_BATCH);
    try {
      let batch: OutboxDocument[] = [];
      const drain = async () => {
        for (const { entry } of await this.foldAll(batch)) {
          if (entries.length < limit && (query.state === undefined || entry.state === query.state)) entries.push(entry);
        }
        batch = [];
      };
      for await (const document of cursor) {
        batch.push(document);
        if (batch.length === OUTBOX_BATCH) await drain();
        if (entries.length >= limit) break;
      }
      await drain();
    } finally {
      await cursor.close();
    }
    return entries;
  }

  /**
   * Finds due entries by their hint, folds each from its steps, and takes the next step (a lease) by insert:
   * a duplicate key means another store took it first.
   */
  async lease(owner: string, now: string, leaseMs: number, limit: number): Promise<LeasedOutboxEntry[]> {
    const at = isoTime(now, 'now');
    const until = new Date(Date.parse(at) + leaseMs).toISOString();
    // Twice the limit: some candidates found by a lagging hint turn out not to be due once folded.
    const candidates = await this.c.outbox
      .find({ state: { $in: ['pending', 'sending'] }, $or: [{ dueAt: { $lte: at } }, { dueAt: { $exists: false } }] })
      .sort({ order: 1 })
      .limit(limit * 2)
      .toArray();
    const leased: LeasedOutboxEntry[] = [];
    for (const document of candidates) {
      if (leased.length >= limit) break;
      const folded = await this.fold(document);
      if (!isDue(folded.entry, at)) {
        await this.writeHint(folded);
        continue;
      }
      const attempt = folded.entry.attempts + 1;
      const inDoubt = folded.entry.inDoubt || folded.entry.state === 'sending';
      const step: OutboxStepDocument = {
        _id: JSON.stringify([document._id, folded.seq + 1]),
        entryId: document._id,
        seq: folded.seq + 1,
        kind: 'lease',
        owner,
        attempt,
        at,
        until,
        inDoubt,
        settlement: null,
        providerMessageId: null,
      };
      if (!(await insertOnce(this.c.outboxSteps, step))) continue;
      const taken = await this.fold(document);
      await this.writeHint(taken);
      leased.push({ ...taken.entry, lease: { owner, attempt } });
    }
    return leased;
  }

  async settle(id: string, lease: OutboxLease, settlement: OutboxSettlement): Promise<boolean> {
    const document = await this.c.outbox.findOne({ _id: id });
    if (!document) return false;
    const folded = await this.fold(document);
    if (folded.entry.state !== 'sending' || folded.owner !== lease.owner || folded.entry.attempts !== lease.attempt)
      return false;
    const step: OutboxStepDocument = {
      _id: JSON.stringify([id, folded.seq + 1]),
      entryId: id,
      seq: folded.seq + 1,
      kind: 'settle',
      owner: lease.owner,
      attempt: lease.attempt,
      at: settlement.at,
      until: null,
      inDoubt: false,
      settlement,
      providerMessageId: settlement.outcome === 'sent' ? settlement.providerMessageId : null,
    };
    if (!(await insertOnce(this.c.outboxSteps, step))) return false;
    await this.writeHint(await this.fold(document));
    return true;
  }

  /** The latest `limit` entries replying to `to`, newest first, without `excludeId`. */
  async recentTo(to: string, excludeId: string, limit: number): Promise<OutboxEntry[]> {
    const documents = await this.c.outbox
      .find({ 'reply.to': to, _id: { $ne: excludeId } })
      .sort({ order: -1 })
      .limit(limit)
      .toArray();
    return (await this.foldAll(documents)).map((folded) => folded.entry);
  }

  /** The entries with these ids (in no particular order). */
  async byIds(ids: readonly string[]): Promise<OutboxEntry[]> {
    const documents = await this.c.outbox.find({ _id: { $in: [...ids] } }).toArray();
    return (await this.foldAll(documents)).map((folded) => folded.entry);
  }

  private async fold(document: OutboxDocument): Promise<FoldedOutbox> {
    return foldOutbox(document, await this.c.outboxSteps.find({ entryId: document._id }).sort({ seq: 1 }).toArray());
  }

  private async foldAll(documents: readonly OutboxDocument[]): Promise<FoldedOutbox[]> {
    if (documents.length === 0) return [];
    const steps = await this.c.outboxSteps
      .find({ entryId: { $in: documents.map((document) => document._id) } })
      .toArray();
    const byEntry = new Map<string, OutboxStepDocument[]>();
    for (const step of steps) byEntry.set(step.entryId, [...(byEntry.get(step.entryId) ?? []), step]);
    return documents.map((document) =>
      foldOutbox(
        document,
        (byEntry.get(document._id) ?? []).sort((a, b) => a.seq - b.seq),
      ),
    );
  }

  /** Best effort: a lost or reordered hint only delays an entry (see OutboxDocument). */
  private async writeHint(folded: FoldedOutbox): Promise<void> {
    await this.c.outbox.updateOne(
      { _id: folded.entry.id, $or: [{ hintSeq: { $lt: folded.seq } }, { hintSeq: { $exists: false } }] },
      { $set: { state: folded.entry.state, dueAt: folded.entry.nextAttemptAt, hintSeq: folded.seq } },
    );
  }
}
