// The MongoDB store (official driver). No multi-document transactions, so it is correct on a standalone
// server, and no conditional updates either (see mongo-schema.ts): every step is an insert under a unique key,
// so concurrent copies of a callback race harmlessly and a retry after a crash at any point completes the work
// exactly once. recordInbound:
//   1. the event already stored under its id: a replay, answered from what was stored;
//   2. consent: read the highest version, decide, insert version+1 tagged with the event id (a taken version:
//      decide again; the event's own change already there, after a crash or from a concurrent copy: reuse it);
//   3. the outbox entry, keyed by the event id (already there: fine);
//   4. insert the event with its consent change; a duplicate key means a concurrent copy won: a replay.
import { MongoClient, ObjectId, type Db } from 'mongodb';
import { NO_CONSENT, type ConsentKey, type ConsentSnapshot } from '../../consent/consent-state.ts';
import { transition, type ConsentChange, type TransitionInput } from '../../consent/transition.ts';
import { advanceDelivery } from '../../feedback/advance-delivery.ts';
import { deliveryTargetOf } from '../delivery-target.ts';
import { eventIdOf, feedbackIdOf } from '../idempotency-keys.ts';
import { StoreUnavailableError } from '../store-unavailable-error.ts';
import { recentRepliesOf } from '../outbox-transitions.ts';
import { DEFAULT_EXPORT_LIMIT, isoTime } from '../query-time.ts';
import type {
  AudienceMember,
  AudienceQuery,
  ConsentExportQuery,
  ConsentRule,
  ConsentView,
  DeliveryState,
  DeliveryTarget,
  EventQuery,
  ExportedConsent,
  FeedbackRecord,
  InboundRecord,
  LeasedOutboxEntry,
  OutboxEntry,
  OutboxLease,
  OutboxSettlement,
  OutboxState,
  RecordFeedbackResult,
  ReplyHistory,
  ReplyHistoryQuery,
  RecordInboundResult,
  Store,
  StoredInbound,
} from '../store.ts';
import { isDuplicateKey, mapMongoError } from './mongo-errors.ts';
import {
  collectionsOf,
  ensureIndexes,
  type ConsentChangeDocument,
  type DeliveryChangeDocument,
  type EventDocument,
  type MongoCollections,
  type OutboxDocument,
  type OutboxStepDocument,
} from './mongo-schema.ts';
import { foldOutbox, isDue, type FoldedOutbox } from './outbox-log.ts';
import { strongestWriteConcern } from './write-concern.ts';

export interface MongoStoreOptions {
  uri: string;
  /** Default: the database named in the URI, else "optline". */
  dbName?: string;
  /** How long an operation waits for a reachable server before the store reports unavailable. */
  serverSelectionTimeoutMS?: number;
}

const MAX_CONFLICT_RETRIES = 1000;
const OUTBOX_BATCH = 200;
const REPLY_HISTORY_LIMIT = 100;
const NONCE_PURGE_INTERVAL_MS = 60_000;

export async function openMongoStore(options: MongoStoreOptions): Promise<Store> {
  const timeout = options.serverSelectionTimeoutMS ?? 5000;
  const client = new MongoClient(options.uri, { serverSelectionTimeoutMS: timeout, connectTimeoutMS: timeout, appName: 'optline' });
  try {
    await client.connect();
    const name = options.dbName ?? databaseInUri(options.uri) ?? 'optline';
    const writeConcern = await strongestWriteConcern(client.db(name));
    const db = client.db(name, { writeConcern });
    const collections = collectionsOf(db);
    await ensureIndexes(collections);
    return new MongoStore(client, db, collections);
  } catch (error) {
    await client.close().catch(() => undefined);
    throw mapMongoError(error);
  }
}

function databaseInUri(uri: string): string | null {
  const match = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(uri);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

class MongoStore implements Store {
  private closed = false;
  private lastNoncePurge = 0;

  constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    private readonly c: MongoCollections,
  ) {}

  recordInbound(record: InboundRecord, rule: ConsentRule): Promise<RecordInboundResult> {
    return this.guard(async () => {
      const id = eventIdOf(record.webhookId, record.requestId);
      const stored = await this.c.events.findOne({ _id: id });
      if (stored) return { duplicate: true, stored: toStoredInbound(stored) };
      const change = record.consentKey ? await this.applyConsent(id, record.consentKey, { ...rule, eventTime: record.eventTime }) : null;
      if (record.reply) await this.enqueueReply(id, record);
      const document: EventDocument = {
        _id: id,
        order: new ObjectId(),
        webhookId: record.webhookId,
        requestId: record.requestId,
        profileNumber: record.consentKey?.profileNumber ?? null,
        senderNumber: record.consentKey?.senderNumber ?? null,
        record: JSON.stringify(record),
        consentBefore: change?.before ?? null,
        consentAfter: change?.after ?? null,
        consentChanged: change?.changed ?? false,
        consentReason: change?.reason ?? null,
        consentVersion: change?.changed ? change.after.version : null,
        outboxId: record.reply ? id : null,
        receivedAt: record.receivedAt,
        eventTime: record.eventTime,
        customKeyword: record.customKeyword,
      };
      try {
        await this.c.events.insertOne(document);
        return { duplicate: false, stored: toStoredInbound(document) };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      const first = await this.c.events.findOne({ _id: id });
      if (!first) throw new Error(`event ${id} vanished after a duplicate key`);
      return { duplicate: true, stored: toStoredInbound(first) };
    });
  }

  /** Step 2: decides on the current consent and takes the next version; reuses a change this event already made. */
  private async applyConsent(eventId: string, key: ConsentKey, input: TransitionInput): Promise<ConsentChange> {
    const { senderNumber, profileNumber } = key;
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt += 1) {
      // Latest first, then our own: a change of ours that the latest read already reflects is found below.
      const latest = await this.latestConsentChange(key);
      const own = await this.c.consentChanges.findOne({ eventId });
      if (own) return { before: plainSnapshot(own.before), after: snapshotOf(own), changed: true, reason: own.reason };
      const current = latest ? snapshotOf(latest) : NO_CONSENT;
      const change = transition(current, input);
      if (!change.changed) return change;
      if (change.after.version !== current.version + 1) throw new Error('a consent change must raise the version by one');
      try {
        await this.c.consentChanges.insertOne({
          _id: JSON.stringify([senderNumber, profileNumber, change.after.version]),
          senderNumber,
          profileNumber,
          version: change.after.version,
          state: change.after.state,
          changedAt: change.after.changedAt,
          before: change.before,
          reason: change.reason,
          eventId,
        });
        return change;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error; // the version was taken, or our change stored concurrently: again
      }
    }
    throw new StoreUnavailableError(`consent of ${profileNumber} kept changing under ${MAX_CONFLICT_RETRIES} attempts`);
  }

  private async latestConsentChange(key: ConsentKey): Promise<ConsentChangeDocument | null> {
    const [latest] = await this.c.consentChanges
      .find({ profileNumber: key.profileNumber, senderNumber: key.senderNumber })
      .sort({ version: -1 })
      .limit(1)
      .toArray();
    return latest ?? null;
  }

  /** Step 3: the outbox entry, keyed by the event id so that a resumed event cannot queue its reply twice. */
  private async enqueueReply(id: string, record: InboundRecord): Promise<void> {
    if (!record.reply) return;
    const entry: OutboxDocument = {
      _id: id,
      order: new ObjectId(),
      webhookId: record.webhookId,
      requestId: record.requestId,
      reply: record.reply,
      createdAt: record.receivedAt,
      state: 'pending',
      dueAt: record.receivedAt,
      hintSeq: 0,
    };
    try {
      await this.c.outbox.insertOne(entry);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error; // queued by an earlier attempt or a concurrent copy
    }
  }

  recordFeedback(record: FeedbackRecord): Promise<RecordFeedbackResult> {
    return this.guard(async () => {
      const id = feedbackIdOf(record);
      const existing = await this.c.feedback.findOne({ _id: id });
      if (existing) return { duplicate: true, delivery: existing.delivery };
      // Advancing is idempotent, so a retry after a crash between these two writes re-applies it harmlessly.
      const delivery = await this.advanceDelivery(deliveryTargetOf(record, await this.outboxIdOf(record)), record);
      try {
        await this.c.feedback.insertOne({ _id: id, order: new ObjectId(), webhookId: record.webhookId, record: JSON.stringify(record), delivery });
        return { duplicate: false, delivery };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      const first = await this.c.feedback.findOne({ _id: id });
      if (!first) throw new Error(`feedback ${id} vanished after a duplicate key`);
      return { duplicate: true, delivery: first.delivery };
    });
  }

  /** Takes the next revision of the delivery (an insert under a unique key); a taken revision: advance again. */
  private async advanceDelivery(target: DeliveryTarget, record: FeedbackRecord): Promise<DeliveryState> {
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt += 1) {
      const latest = await this.latestDelivery(target.deliveryKey);
      const next = advanceDelivery(latest?.delivery ?? null, target, record.status, record.receivedAt);
      if (latest && sameDelivery(latest.delivery, next)) return latest.delivery;
      const revision = (latest?.revision ?? 0) + 1;
      try {
        await this.c.deliveryChanges.insertOne({ _id: JSON.stringify([target.deliveryKey, revision]), deliveryKey: target.deliveryKey, revision, delivery: next });
        return next;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
    }
    throw new StoreUnavailableError(`delivery ${target.deliveryKey} kept changing under ${MAX_CONFLICT_RETRIES} attempts`);
  }

  private async latestDelivery(deliveryKey: string): Promise<DeliveryChangeDocument | null> {
    const [latest] = await this.c.deliveryChanges.find({ deliveryKey }).sort({ revision: -1 }).limit(1).toArray();
    return latest ?? null;
  }

  consentOf(profileNumber: string): Promise<ConsentView[]> {
    return this.guard(async () => {
      const changes = await this.c.consentChanges.find({ profileNumber }).sort({ senderNumber: 1, version: -1 }).toArray();
      const latestPerSender = changes.filter((change, index) => changes[index - 1]?.senderNumber !== change.senderNumber);
      return Promise.all(
        latestPerSender.map(async (latest) => {
          const history = await this.c.events
            .find({ profileNumber, senderNumber: latest.senderNumber, consentChanged: true })
            .sort({ consentVersion: 1 })
            .toArray();
          return {
            key: { senderNumber: latest.senderNumber, profileNumber },
            current: snapshotOf(latest),
            history: history.map(toStoredInbound),
          };
        }),
      );
    });
  }

  consent(key: ConsentKey): Promise<ConsentSnapshot> {
    return this.guard(async () => {
      const latest = await this.latestConsentChange(key);
      return latest ? snapshotOf(latest) : NO_CONSENT;
    });
  }

  /** Walks the change log in key order, newest version first, keeping each key's first (current) change. */
  exportConsents(query: ConsentExportQuery): Promise<ExportedConsent[]> {
    return this.guard(async () => {
      const since = query.since === undefined ? null : isoTime(query.since, 'since');
      const limit = query.limit ?? DEFAULT_EXPORT_LIMIT;
      const after = query.after;
      const filter = after
        ? { $or: [{ profileNumber: { $gt: after.profileNumber } }, { profileNumber: after.profileNumber, senderNumber: { $gt: after.senderNumber } }] }
        : {};
      const cursor = this.c.consentChanges.find(filter).sort({ profileNumber: 1, senderNumber: 1, version: -1 });
      const exported: ExportedConsent[] = [];
      let previous: ConsentChangeDocument | null = null;
      try {
        for await (const change of cursor) {
          const sameKey = previous !== null && previous.profileNumber === change.profileNumber && previous.senderNumber === change.senderNumber;
          previous = change;
          if (sameKey || (since !== null && (change.changedAt === null || change.changedAt < since))) continue;
          exported.push({ key: { senderNumber: change.senderNumber, profileNumber: change.profileNumber }, ...snapshotOf(change) });
          if (exported.length >= limit) break;
        }
      } finally {
        await cursor.close();
      }
      return exported;
    });
  }

  audience(query: AudienceQuery): Promise<AudienceMember[]> {
    return this.guard(async () => {
      const filter = { customKeyword: true, eventTime: { $gte: isoTime(query.since, 'since') }, ...(query.webhookId === undefined ? {} : { webhookId: query.webhookId }) };
      const members = new Map<string, AudienceMember>();
      for await (const event of this.c.events.find(filter, { projection: { profileNumber: 1, eventTime: 1 } })) {
        if (event.profileNumber === null || event.eventTime === undefined) continue;
        const known = members.get(event.profileNumber);
        if (!known) members.set(event.profileNumber, { profileNumber: event.profileNumber, firstAt: event.eventTime, lastAt: event.eventTime, count: 1 });
        else {
          if (event.eventTime < known.firstAt) known.firstAt = event.eventTime;
          if (event.eventTime > known.lastAt) known.lastAt = event.eventTime;
          known.count += 1;
        }
      }
      return [...members.values()].sort((a, b) => (a.profileNumber < b.profileNumber ? -1 : a.profileNumber > b.profileNumber ? 1 : 0));
    });
  }

  listEvents(query: EventQuery): Promise<StoredInbound[]> {
    return this.guard(async () => {
      const filter: { profileNumber?: string; webhookId?: string } = {};
      if (query.profileNumber !== undefined) filter.profileNumber = query.profileNumber;
      if (query.webhookId !== undefined) filter.webhookId = query.webhookId;
      const documents = await this.c.events.find(filter).sort({ order: -1 }).limit(query.limit ?? 100).toArray();
      return documents.map(toStoredInbound);
    });
  }

  listFeedback(query: { webhookId?: string; limit?: number }): Promise<Array<FeedbackRecord & { delivery: DeliveryState }>> {
    return this.guard(async () => {
      const filter = query.webhookId === undefined ? {} : { webhookId: query.webhookId };
      const documents = await this.c.feedback.find(filter).sort({ order: -1 }).limit(query.limit ?? 100).toArray();
      return documents.map((document) => ({ ...(JSON.parse(document.record) as FeedbackRecord), delivery: document.delivery }));
    });
  }

  delivery(deliveryKey: string): Promise<DeliveryState | null> {
    return this.guard(async () => (await this.latestDelivery(deliveryKey))?.delivery ?? null);
  }

  /** The outbox entry a feedback record is about: named by its client reference, else by the provider's message id. */
  private async outboxIdOf(record: FeedbackRecord): Promise<string | null> {
    const reference = record.clientReference;
    if (reference !== null && (await this.c.outbox.countDocuments({ _id: reference }, { limit: 1 })) > 0) return reference;
    if (record.messageId === null) return null;
    return (await this.c.outboxSteps.findOne({ providerMessageId: record.messageId }))?.entryId ?? null;
  }

  outbox(query: { state?: OutboxState; limit?: number }): Promise<OutboxEntry[]> {
    return this.guard(async () => {
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
    });
  }

  /**
   * Finds due entries by their hint, folds each from its steps, and takes the next step (a lease) by insert:
   * a duplicate key means another store took it first.
   */
  leaseOutbox(owner: string, now: string, leaseMs: number, limit: number): Promise<LeasedOutboxEntry[]> {
    return this.guard(async () => {
      const at = isoTime(now, 'now');
      const until = new Date(Date.parse(at) + leaseMs).toISOString();
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
        if (!(await this.insertStep(step))) continue;
        const taken = foldOutbox(document, [...(await this.stepsOf(document._id))]);
        await this.writeHint(taken);
        leased.push({ ...taken.entry, lease: { owner, attempt } });
      }
      return leased;
    });
  }

  settleOutbox(id: string, lease: OutboxLease, settlement: OutboxSettlement): Promise<boolean> {
    return this.guard(async () => {
      const document = await this.c.outbox.findOne({ _id: id });
      if (!document) return false;
      const folded = await this.fold(document);
      if (folded.entry.state !== 'sending' || folded.owner !== lease.owner || folded.entry.attempts !== lease.attempt) return false;
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
      if (!(await this.insertStep(step))) return false;
      await this.writeHint(foldOutbox(document, await this.stepsOf(id)));
      return true;
    });
  }

  replyHistory(query: ReplyHistoryQuery): Promise<ReplyHistory> {
    return this.guard(async () => {
      const since = isoTime(query.since, 'since');
      // Three independent reads: the number's recent events, its recent replies, and this event itself.
      const [events, documents, own] = await Promise.all([
        this.c.events
          .find({ profileNumber: query.to, webhookId: query.webhookId, outboxId: { $ne: query.excludeOutboxId } })
          .sort({ order: -1 })
          .limit(REPLY_HISTORY_LIMIT)
          .toArray(),
        this.c.outbox
          .find({ 'reply.to': query.to, _id: { $ne: query.excludeOutboxId } })
          .sort({ order: -1 })
          .limit(REPLY_HISTORY_LIMIT)
          .toArray(),
        this.c.events.findOne({ _id: eventIdOf(query.webhookId, query.requestId) }),
      ]);
      const inboundAt = events
        .map((event) => event.receivedAt ?? (JSON.parse(event.record) as InboundRecord).receivedAt)
        .filter((at) => at >= since);
      const entries = (await this.foldAll(documents)).map((folded) => folded.entry);
      const text = own ? (JSON.parse(own.record) as InboundRecord).event.inboundMessage : undefined;
      return { inboundText: typeof text === 'string' ? text : '', inboundAt, replies: recentRepliesOf(entries).filter((reply) => reply.at >= since) };
    });
  }

  private async stepsOf(entryId: string): Promise<OutboxStepDocument[]> {
    return this.c.outboxSteps.find({ entryId }).sort({ seq: 1 }).toArray();
  }

  private async fold(document: OutboxDocument): Promise<FoldedOutbox> {
    return foldOutbox(document, await this.stepsOf(document._id));
  }

  private async foldAll(documents: readonly OutboxDocument[]): Promise<FoldedOutbox[]> {
    if (documents.length === 0) return [];
    const steps = await this.c.outboxSteps.find({ entryId: { $in: documents.map((document) => document._id) } }).toArray();
    const byEntry = new Map<string, OutboxStepDocument[]>();
    for (const step of steps) byEntry.set(step.entryId, [...(byEntry.get(step.entryId) ?? []), step]);
    return documents.map((document) => foldOutbox(document, (byEntry.get(document._id) ?? []).sort((a, b) => a.seq - b.seq)));
  }

  /** True when this insert took the step; false when another store took it first. */
  private async insertStep(step: OutboxStepDocument): Promise<boolean> {
    try {
      await this.c.outboxSteps.insertOne(step);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  /** Best effort: a lost or reordered hint only delays an entry (see OutboxDocument). */
  private async writeHint(folded: FoldedOutbox): Promise<void> {
    await this.c.outbox.updateOne(
      { _id: folded.entry.id, $or: [{ hintSeq: { $lt: folded.seq } }, { hintSeq: { $exists: false } }] },
      { $set: { state: folded.entry.state, dueAt: folded.entry.nextAttemptAt, hintSeq: folded.seq } },
    );
  }

  webhookSecret(webhookId: string, generate: () => string): Promise<string> {
    return this.guard(async () => {
      const known = await this.c.secrets.findOne({ _id: webhookId });
      if (known) return known.secret;
      try {
        await this.c.secrets.insertOne({ _id: webhookId, secret: generate() });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error; // created concurrently: keep the first
      }
      const stored = await this.c.secrets.findOne({ _id: webhookId });
      if (!stored) throw new Error(`webhook secret for ${webhookId} was not stored`);
      return stored.secret;
    });
  }

  rememberNonce(webhookId: string, nonce: string, expiresAt: string, at?: string): Promise<boolean> {
    return this.guard(async () => {
      const now = at === undefined ? new Date() : new Date(at);
      if (now.getTime() - this.lastNoncePurge > NONCE_PURGE_INTERVAL_MS) {
        this.lastNoncePurge = now.getTime();
        await this.c.nonces.deleteMany({ expiresAt: { $lt: now } });
      }
      const id = JSON.stringify([webhookId, nonce]);
      const expiry = new Date(expiresAt);
      // Seen before: new again only once that entry has expired (delete it, then race to insert again).
      for (let attempt = 0; attempt < 2; attempt += 1) {
        try {
          await this.c.nonces.insertOne({ _id: id, expiresAt: expiry });
          return true;
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
        }
        const expired = await this.c.nonces.deleteOne({ _id: id, expiresAt: { $lt: now } });
        if (expired.deletedCount === 0) return false;
      }
      return false;
    });
  }

  ping(): Promise<void> {
    return this.guard(async () => {
      await this.db.command({ ping: 1 });
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.close();
  }

  /** Refuses work once closed (the driver would silently reconnect) and maps unavailability. */
  private async guard<T>(run: () => Promise<T>): Promise<T> {
    if (this.closed) throw new StoreUnavailableError('MongoDB store is closed');
    try {
      return await run();
    } catch (error) {
      throw mapMongoError(error);
    }
  }
}

function consentIdOf(key: ConsentKey): string {
  return JSON.stringify([key.senderNumber, key.profileNumber]);
}

function snapshotOf(document: ConsentChangeDocument): ConsentSnapshot {
  return { state: document.state, changedAt: document.changedAt, version: document.version };
}

function sameDelivery(a: DeliveryState, b: DeliveryState): boolean {
  return a.deliveryKey === b.deliveryKey && a.status === b.status && a.final === b.final && a.updatedAt === b.updatedAt && a.outboxId === b.outboxId;
}

function toStoredInbound(document: EventDocument): StoredInbound {
  return {
    ...(JSON.parse(document.record) as InboundRecord),
    consentBefore: document.consentBefore ? plainSnapshot(document.consentBefore) : null,
    consentAfter: document.consentAfter ? plainSnapshot(document.consentAfter) : null,
    consentChanged: document.consentChanged,
    consentReason: document.consentReason,
    outboxId: document.outboxId,
  };
}

/** The snapshot's own fields in a fixed order, whatever came back from the server. */
function plainSnapshot(snapshot: ConsentSnapshot): ConsentSnapshot {
  return { state: snapshot.state, changedAt: snapshot.changedAt, version: snapshot.version };
}
