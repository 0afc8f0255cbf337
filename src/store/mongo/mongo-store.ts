// The MongoDB store (official driver). No multi-document transactions, so it is correct on a standalone
// server, and no conditional updates either (see mongo-schema.ts): every step is an insert under a unique key,
// so concurrent copies of a callback race harmlessly and a retry after a crash at any point completes the work
// exactly once. recordInbound:
//   1. the event already stored under its id: a replay, answered from what was stored;
//   2. consent: read the highest version, decide, insert version+1 tagged with the event id (a taken version:
//      decide again; the event's own change already there, after a crash or from a concurrent copy: reuse it);
//   3. the outbox entry, keyed by the event id (already there: fine);
//   4. insert the event with its consent change; a duplicate key means a concurrent copy won: a replay.
// The consent and delivery logs (consent-log.ts, delivery-log.ts) and the outbox (mongo-outbox.ts) are their
// own modules; insert-once.ts names the insert-under-a-unique-key idiom they all use.
import { ObjectId, type MongoClient } from 'mongodb';
import type { ChangeProvenance, ConsentChain } from '../../consent/consent-chain.ts';
import { NO_CONSENT, type ConsentKey, type ConsentSnapshot } from '../../consent/consent-state.ts';
import type { DeliveryState } from '../../feedback/delivery-state.ts';
import { withAppliedReply } from '../applied-reply.ts';
import { provenanceOf } from '../change-provenance.ts';
import { deliveryTargetOf } from '../delivery-target.ts';
import { eventIdOf, feedbackIdOf, reviewOutboxIdOf } from '../idempotency-keys.ts';
import { StoreUnavailableError } from '../store-unavailable-error.ts';
import { recentRepliesOf } from '../outbox-transitions.ts';
import { DEFAULT_EXPORT_LIMIT, DEFAULT_REVIEW_LIMIT, isoTime } from '../query-time.ts';
import { DEFAULT_SUBSCRIPTION_LIMIT } from '../store.ts';
import type { DailyReportQuery, DailyReportRow } from '../store.ts';
import { dailyReportRows, dayOf } from '../daily-report.ts';
import { headLimit, messageOf, pageOfMessages, recipientOf, type MessageHead } from '../message-records.ts';
import type {
  AudienceMember,
  AudienceQuery,
  ConsentExportQuery,
  ConsentReplay,
  ConsentRule,
  ConsentView,
  EventQuery,
  ExportedConsent,
  FeedbackRecord,
  InboundRecord,
  LeasedOutboxEntry,
  MessageQuery,
  MessageRecord,
  OutboxEntry,
  OutboxLease,
  OutboxSettlement,
  OutboxState,
  RecordFeedbackResult,
  ReplyHistory,
  ReplyHistoryQuery,
  RecordInboundResult,
  ReceivedBody,
  Store,
  StoredInbound,
  SubscriptionConfirmationRecord,
  InboundPageQuery,
  InboundSample,
  ReviewDecisionInput,
  ReviewItem,
  ReviewMark,
  ReviewQuery,
  ReviewResolution,
} from '../store.ts';
import type { ConsentChange } from '../../consent/transition.ts';
import { ReviewDecidedError } from '../review-decided-error.ts';
import { closedResolution, closesReviews, decidedResolution, reviewItemOf, reviewReason } from '../review-items.ts';
import {
  applyConsent,
  latestConsentChange,
  linkOf,
  plainSnapshot,
  replaceConsentLogs,
  snapshotOf,
} from './consent-log.ts';
import { advanceStoredDelivery, latestDelivery } from './delivery-log.ts';
import { insertOnce, insertOrReadBack } from './insert-once.ts';
import { mapMongoError } from './mongo-errors.ts';
import { MongoOutbox } from './mongo-outbox.ts';
import {
  collectionsOf,
  ensureIndexes,
  type ConsentChangeDocument,
  type EventDocument,
  type FeedbackDocument,
  type OutboxDocument,
  type MongoCollections,
  type ReviewDocument,
} from './mongo-schema.ts';
import { strongestWriteConcern } from './write-concern.ts';
import { storeBodiesOnce } from './bodies-stored-once.ts';
import { connectedClient } from './connected-client.ts';
import { ReplaceableClient } from './replaceable-client.ts';

export interface MongoStoreOptions {
  uri: string;
  /** Default: the database named in the URI, else "optline". */
  dbName?: string;
  /** How long an operation waits for a reachable server before the store reports unavailable. */
  serverSelectionTimeoutMS?: number;
  /** Told when a stuck client was replaced (replaceable-client.ts). */
  clientReplaced?: () => void;
}

/** At most this many recent events and replies are read for one reply decision: a bound on a busy number. */
const REPLY_HISTORY_LIMIT = 100;
/** FerretDB has no TTL index (mongo-schema.ts): expired nonces are deleted at most this often, on the way. */
const NONCE_PURGE_INTERVAL_MS = 60_000;

/** What the store uses of a client, built again when the client is replaced. */
interface MongoView {
  collections: MongoCollections;
  outbox: MongoOutbox;
}

export async function openMongoStore(options: MongoStoreOptions): Promise<Store> {
  const timeout = options.serverSelectionTimeoutMS ?? 5000;
  const connect = () => connectedClient(options.uri, timeout, 'optline');
  const client = await connect();
  try {
    const name = options.dbName ?? databaseInUri(options.uri) ?? 'optline';
    const writeConcern = await strongestWriteConcern(client.db(name));
    const viewOf = (connected: MongoClient): MongoView => {
      const collections = collectionsOf(connected.db(name, { writeConcern }));
      return { collections, outbox: new MongoOutbox(collections) };
    };
    const replaceable = new ReplaceableClient(
      client,
      connect,
      viewOf,
      options.clientReplaced ? { replaced: options.clientReplaced } : {},
    );
    await ensureIndexes(replaceable.view.collections);
    await storeBodiesOnce(replaceable.view.collections);
    return new MongoStore(replaceable);
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

  constructor(private readonly connection: ReplaceableClient<MongoView>) {}

  /** Read on each use: the client behind them may have been replaced. */
  private get c(): MongoCollections {
    return this.connection.view.collections;
  }

  private get outboxLog(): MongoOutbox {
    return this.connection.view.outbox;
  }

  recordInbound(given: InboundRecord, rule: ConsentRule): Promise<RecordInboundResult> {
    return this.guard(async () => {
      const id = eventIdOf(given.webhookId, given.requestId);
      const stored = await this.c.events.findOne({ _id: id });
      if (stored) return { duplicate: true, stored: toStoredInbound(stored) };
      const change = given.consentKey
        ? await applyConsent(this.c.consentChanges, provenanceOf(given), given.consentKey, {
            ...rule,
            eventTime: given.eventTime,
          })
        : null;
      const record = withAppliedReply(given, change);
      if (record.reply) await this.outboxLog.enqueue(id, record);
      // Before the event, like the outbox entry: a retry after a crash finds them there (each insert is once).
      const item = reviewItemOf(record, change);
      if (item) await insertOnce(this.c.reviews, reviewDocumentOf(item));
      if (closesReviews(record)) await this.closeReviews(record);
      const document: EventDocument = {
        _id: id,
        order: new ObjectId(),
        webhookId: record.webhookId,
        requestId: record.requestId,
        profileNumber: record.consentKey?.profileNumber ?? null,
        senderNumber: record.consentKey?.senderNumber ?? null,
        record: JSON.stringify(record),
        bodyId: record.bodyId,
        consentBefore: change?.before ?? null,
        consentAfter: change?.after ?? null,
        consentChanged: change?.changed ?? false,
        consentReason: change?.reason ?? null,
        consentVersion: change?.changed ? change.after.version : null,
        outboxId: record.reply ? id : null,
        receivedAt: record.receivedAt,
        eventTime: record.eventTime,
        customKeyword: record.customKeyword,
        day: dayOf(record.receivedAt),
        category: record.category,
      };
      // A duplicate key: a concurrent copy won, and this one is its replay.
      const { inserted, stored: first } = await insertOrReadBack(this.c.events, document, 'event');
      return { duplicate: !inserted, stored: toStoredInbound(first) };
    });
  }

  recordFeedback(record: FeedbackRecord): Promise<RecordFeedbackResult> {
    return this.guard(async () => {
      const id = feedbackIdOf(record);
      const existing = await this.c.feedback.findOne({ _id: id });
      if (existing) return { duplicate: true, delivery: existing.delivery };
      // Advancing is idempotent, so a retry after a crash between these two writes re-applies it harmlessly.
      const target = deliveryTargetOf(record, await this.outboxLog.entryIdOf(record));
      const delivery = await advanceStoredDelivery(this.c.deliveryChanges, target, record);
      const document = {
        _id: id,
        order: new ObjectId(),
        webhookId: record.webhookId,
        record: JSON.stringify(record),
        bodyId: record.bodyId,
        delivery,
      };
      const { inserted, stored } = await insertOrReadBack(this.c.feedback, document, 'feedback');
      return { duplicate: !inserted, delivery: stored.delivery };
    });
  }

  consentOf(profileNumber: string): Promise<ConsentView[]> {
    return this.guard(async () => {
      const changes = await this.c.consentChanges
        .find({ profileNumber })
        .sort({ senderNumber: 1, version: -1 })
        .toArray();
      const latestPerSender = changes.filter(
        (change, index) => changes[index - 1]?.senderNumber !== change.senderNumber,
      );
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
      const latest = await latestConsentChange(this.c.consentChanges, key);
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
        ? {
            $or: [
              { profileNumber: { $gt: after.profileNumber } },
              { profileNumber: after.profileNumber, senderNumber: { $gt: after.senderNumber } },
            ],
          }
        : {};
      const cursor = this.c.consentChanges.find(filter).sort({ profileNumber: 1, senderNumber: 1, version: -1 });
      const exported: ExportedConsent[] = [];
      let previous: ConsentChangeDocument | null = null;
      try {
        for await (const change of cursor) {
          const sameKey =
            previous !== null &&
            previous.profileNumber === change.profileNumber &&
            previous.senderNumber === change.senderNumber;
          previous = change;
          if (sameKey || (since !== null && (change.changedAt === null || change.changedAt < since))) continue;
          exported.push({
            key: { senderNumber: change.senderNumber, profileNumber: change.profileNumber },
            ...snapshotOf(change),
          });
          if (exported.length >= limit) break;
        }
      } finally {
        await cursor.close();
      }
      return exported;
    });
  }

  replayConsent(replays: ConsentReplay[]): Promise<void> {
    return this.guard(async () => {
      const provenance = new Map<string, ChangeProvenance>();
      for (const { events } of replays) {
        for (const { webhookId, requestId } of events) {
          const stored = await this.c.events.findOne({ _id: eventIdOf(webhookId, requestId) });
          if (stored) provenance.set(stored._id, provenanceOf(JSON.parse(stored.record) as InboundRecord));
        }
      }
      await replaceConsentLogs(this.c.consentChanges, replays, (eventId) => {
        const found = provenance.get(eventId);
        if (!found) throw new Error(`event ${eventId} is not stored`);
        return found;
      });
      for (const { key, events } of replays) {
        for (const { webhookId, requestId, change } of events) {
          const _id = eventIdOf(webhookId, requestId);
          const stored = await this.c.events.findOne({ _id });
          if (!stored) throw new Error(`event ${_id} is not stored`);
          const record = { ...(JSON.parse(stored.record) as InboundRecord), consentKey: key };
          await this.c.events.updateOne(
            { _id },
            {
              $set: {
                profileNumber: key.profileNumber,
                senderNumber: key.senderNumber,
                record: JSON.stringify(record),
                consentBefore: change.before,
                consentAfter: change.after,
                consentChanged: change.changed,
                consentReason: change.reason,
                consentVersion: change.changed ? change.after.version : null,
              },
            },
          );
        }
      }
    });
  }

  audience(query: AudienceQuery): Promise<AudienceMember[]> {
    return this.guard(async () => {
      const filter = {
        customKeyword: true,
        eventTime: { $gte: isoTime(query.since, 'since') },
        ...(query.webhookId === undefined ? {} : { webhookId: query.webhookId }),
      };
      const members = new Map<string, AudienceMember>();
      for await (const event of this.c.events.find(filter, { projection: { profileNumber: 1, eventTime: 1 } })) {
        if (event.profileNumber === null || event.eventTime === undefined) continue;
        const known = members.get(event.profileNumber);
        if (!known)
          members.set(event.profileNumber, {
            profileNumber: event.profileNumber,
            firstAt: event.eventTime,
            lastAt: event.eventTime,
            count: 1,
          });
        else {
          if (event.eventTime < known.firstAt) known.firstAt = event.eventTime;
          if (event.eventTime > known.lastAt) known.lastAt = event.eventTime;
          known.count += 1;
        }
      }
      return [...members.values()].sort((a, b) =>
        a.profileNumber < b.profileNumber ? -1 : a.profileNumber > b.profileNumber ? 1 : 0,
      );
    });
  }

  listEvents(query: EventQuery): Promise<StoredInbound[]> {
    return this.guard(async () => {
      const filter: { profileNumber?: string; webhookId?: string; order?: { $lt: ObjectId } } = {};
      if (query.profileNumber !== undefined) filter.profileNumber = query.profileNumber;
      if (query.webhookId !== undefined) filter.webhookId = query.webhookId;
      if (query.before) {
        const last = await this.c.events.findOne(
          { _id: eventIdOf(query.before.webhookId, query.before.requestId) },
          { projection: { order: 1 } },
        );
        if (!last) return [];
        filter.order = { $lt: last.order };
      }
      const documents = await this.c.events
        .find(filter)
        .sort({ order: -1 })
        .limit(query.limit ?? 100)
        .toArray();
      return documents.map(toStoredInbound);
    });
  }

  listFeedback(query: {
    webhookId?: string;
    limit?: number;
  }): Promise<Array<FeedbackRecord & { delivery: DeliveryState }>> {
    return this.guard(async () => {
      const filter = query.webhookId === undefined ? {} : { webhookId: query.webhookId };
      const documents = await this.c.feedback
        .find(filter)
        .sort({ order: -1 })
        .limit(query.limit ?? 100)
        .toArray();
      return documents.map((document) => ({
        ...(JSON.parse(document.record) as FeedbackRecord),
        delivery: document.delivery,
      }));
    });
  }

  delivery(deliveryKey: string): Promise<DeliveryState | null> {
    return this.guard(async () => (await latestDelivery(this.c.deliveryChanges, deliveryKey))?.delivery ?? null);
  }

  async listMessages(query: MessageQuery): Promise<MessageRecord[]> {
    const since = query.since === undefined ? undefined : isoTime(query.since, 'since');
    const heads = await this.guard(async () => {
      const filter: Record<string, unknown> = {};
      if (query.webhookId !== undefined) filter.webhookId = query.webhookId;
      if (query.to !== undefined) filter['reply.to'] = query.to;
      if (since !== undefined) filter.createdAt = { $gte: since };
      if (query.before !== undefined) {
        const { createdAt, id } = query.before;
        filter.$or = [{ createdAt: { $lt: createdAt } }, { createdAt, _id: { $lt: id } }];
      }
      const outbox = await this.c.outbox
        .find(filter)
        .sort({ createdAt: -1, _id: -1 })
        .limit(headLimit(query) ?? 0)
        .toArray();
      const firstReports = new Map<string, MessageHead>();
      // Oldest first, so the first report of each delivery names it.
      for (const document of await this.c.feedback.find({ 'delivery.outboxId': null }).sort({ order: 1 }).toArray())
        if (!firstReports.has(document.delivery.deliveryKey))
          firstReports.set(document.delivery.deliveryKey, unreferencedHead(document));
      return [...outbox.map(outboxHead), ...firstReports.values()];
    });
    return pageOfMessages(heads, { ...query, ...(since ? { since } : {}) }, (page) =>
      this.guard(() => this.readMessages(page)),
    );
  }

  message(id: string): Promise<MessageRecord | null> {
    return this.guard(async () => {
      const entry = await this.c.outbox.findOne({ _id: id });
      const [report] = entry
        ? []
        : await this.c.feedback
            .find({ 'delivery.deliveryKey': id, 'delivery.outboxId': null })
            .sort({ order: 1 })
            .limit(1)
            .toArray();
      const head = entry ? outboxHead(entry) : report ? unreferencedHead(report) : null;
      return head ? ((await this.readMessages([head]))[0] ?? null) : null;
    });
  }

  private async readMessages(heads: MessageHead[]): Promise<MessageRecord[]> {
    const ids = heads.map((head) => head.id);
    const [entries, deliveries, reports] = await Promise.all([
      this.outboxLog.byIds(heads.filter((head) => head.outbox).map((head) => head.id)),
      Promise.all(ids.map((id) => latestDelivery(this.c.deliveryChanges, id))),
      this.c.feedback
        .find({ 'delivery.deliveryKey': { $in: ids } })
        .sort({ order: 1 })
        .toArray(),
    ]);
    const reportsOf = new Map<string, FeedbackRecord[]>();
    for (const document of reports) {
      const key = document.delivery.deliveryKey;
      reportsOf.set(key, [...(reportsOf.get(key) ?? []), JSON.parse(document.record) as FeedbackRecord]);
    }
    return heads.map((head, index) =>
      messageOf(head, {
        entry: entries.find((entry) => entry.id === head.id) ?? null,
        delivery: deliveries[index]?.delivery ?? null,
        reports: reportsOf.get(head.id) ?? [],
      }),
    );
  }

  outbox(query: { state?: OutboxState; limit?: number }): Promise<OutboxEntry[]> {
    return this.guard(() => this.outboxLog.list(query));
  }

  leaseOutbox(owner: string, now: string, leaseMs: number, limit: number): Promise<LeasedOutboxEntry[]> {
    return this.guard(() => this.outboxLog.lease(owner, now, leaseMs, limit));
  }

  settleOutbox(id: string, lease: OutboxLease, settlement: OutboxSettlement): Promise<boolean> {
    return this.guard(() => this.outboxLog.settle(id, lease, settlement));
  }

  replyHistory(query: ReplyHistoryQuery): Promise<ReplyHistory> {
    return this.guard(async () => {
      const since = isoTime(query.since, 'since');
      // Three independent reads: the number's recent events, its recent replies, and this event itself.
      const [events, entries, own] = await Promise.all([
        this.c.events
          .find({ profileNumber: query.to, webhookId: query.webhookId, outboxId: { $ne: query.excludeOutboxId } })
          .sort({ order: -1 })
          .limit(REPLY_HISTORY_LIMIT)
          .toArray(),
        this.outboxLog.recentTo(query.to, query.excludeOutboxId, REPLY_HISTORY_LIMIT),
        this.c.events.findOne({ _id: eventIdOf(query.webhookId, query.requestId) }),
      ]);
      const inboundAt = events
        .map((event) => event.receivedAt ?? (JSON.parse(event.record) as InboundRecord).receivedAt)
        .filter((at) => at >= since);
      const text = own ? (JSON.parse(own.record) as InboundRecord).event.inboundMessage : undefined;
      return {
        inboundText: typeof text === 'string' ? text : '',
        inboundAt,
        replies: recentRepliesOf(entries).filter((reply) => reply.at >= since),
      };
    });
  }

  webhookSecret(webhookId: string, generate: () => string): Promise<string> {
    return this.guard(async () => {
      const known = await this.c.secrets.findOne({ _id: webhookId });
      if (known) return known.secret;
      // Created concurrently: keep the first.
      return (await insertOrReadBack(this.c.secrets, { _id: webhookId, secret: generate() }, 'webhook secret')).stored
        .secret;
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
        if (await insertOnce(this.c.nonces, { _id: id, expiresAt: expiry })) return true;
        const expired = await this.c.nonces.deleteOne({ _id: id, expiresAt: { $lt: now } });
        if (expired.deletedCount === 0) return false;
      }
      return false;
    });
  }

  recordSubscriptionConfirmation(record: SubscriptionConfirmationRecord): Promise<void> {
    return this.guard(async () => {
      await this.c.subscriptionConfirmations.insertOne({
        _id: new ObjectId(),
        webhookId: record.webhookId,
        record: JSON.stringify(record),
      });
    });
  }

  subscriptionConfirmations(
    webhookId: string,
    limit = DEFAULT_SUBSCRIPTION_LIMIT,
  ): Promise<SubscriptionConfirmationRecord[]> {
    return this.guard(async () => {
      const documents = await this.c.subscriptionConfirmations
        .find({ webhookId })
        .sort({ _id: -1 })
        .limit(limit)
        .toArray();
      return documents.map((document) => JSON.parse(document.record) as SubscriptionConfirmationRecord);
    });
  }

  /** A write, with the store's write concern: a server that answers but cannot write (disk full) is not ready. */
  ping(): Promise<void> {
    return this.guard(async () => {
      await this.c.readiness.replaceOne({ _id: 'probe' }, { probedAt: new Date().toISOString() }, { upsert: true });
    });
  }

  /** Two $match + $group pipelines (FerretDB 1.24 runs these; it has no string operators to derive the day). */
  dailyReport(query: DailyReportQuery): Promise<DailyReportRow[]> {
    return this.guard(async () => {
      const match = {
        day: { $gte: query.since, $lte: query.until },
        ...(query.webhookId === undefined ? {} : { webhookId: query.webhookId }),
      };
      type Grouped<K> = { _id: K; count: number };
      const [events, replies] = await Promise.all([
        this.c.events
          .aggregate<
            Grouped<{ day: string; webhookId: string; category?: string | null; changed: boolean; state?: string }>
          >([
            { $match: match },
            {
              $group: {
                _id: {
                  day: '$day',
                  webhookId: '$webhookId',
                  category: '$category',
                  changed: '$consentChanged',
                  state: '$consentAfter.state',
                },
                count: { $sum: 1 },
              },
            },
          ])
          .toArray(),
        this.c.outbox
          .aggregate<Grouped<{ day: string; webhookId: string; state: OutboxState }>>([
            { $match: match },
            { $group: { _id: { day: '$day', webhookId: '$webhookId', state: '$state' }, count: { $sum: 1 } } },
          ])
          .toArray(),
      ]);
      return dailyReportRows(
        events.map(({ _id, count }) => ({
          day: _id.day,
          webhookId: _id.webhookId,
          category: _id.category ?? null,
          changedTo: _id.changed ? (_id.state ?? null) : null,
          count,
        })),
        replies.map(({ _id, count }) => ({ ..._id, count })),
      );
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.connection.close();
  }

  consentChains(keys: ConsentKey[]): Promise<ConsentChain[]> {
    return this.guard(() =>
      Promise.all(
        keys.map(async (key) => {
          const documents = await this.c.consentChanges
            .find({ profileNumber: key.profileNumber, senderNumber: key.senderNumber })
            .sort({ version: 1 })
            .toArray();
          return { key, links: documents.map(linkOf) };
        }),
      ),
    );
  }

  recordRuleContent(contentHash: string, content: string): Promise<void> {
    return this.guard(async () => {
      await insertOnce(this.c.ruleContents, { _id: contentHash, content });
    });
  }

  ruleContent(contentHash: string): Promise<string | null> {
    return this.guard(async () => (await this.c.ruleContents.findOne({ _id: contentHash }))?.content ?? null);
  }

  recordBody(body: ReceivedBody): Promise<void> {
    return this.guard(async () => {
      await insertOnce(this.c.bodies, { _id: body.id, receivedAt: body.receivedAt, text: body.text });
    });
  }

  rawBody(bodyId: string): Promise<string | null> {
    return this.guard(async () => (await this.c.bodies.findOne({ _id: bodyId }))?.text ?? null);
  }

  async consentOfEvent(webhookId: string, requestId: string): Promise<ConsentSnapshot | null> {
    const event = await this.guard(() => this.c.events.findOne({ _id: eventIdOf(webhookId, requestId) }));
    const key = event ? (JSON.parse(event.record) as InboundRecord).consentKey : null;
    return key ? this.consent(key) : null;
  }

  outboxCounts(): Promise<Partial<Record<OutboxState, number>>> {
    return this.guard(async () => {
      const groups = this.c.outbox.aggregate<{ _id: OutboxState; n: number }>([
        { $group: { _id: '$state', n: { $sum: 1 } } },
      ]);
      return Object.fromEntries((await groups.toArray()).map((group) => [group._id, group.n]));
    });
  }

  private async closeReviews(record: InboundRecord): Promise<void> {
    const { profileNumber, senderNumber } = record.consentKey ?? { profileNumber: '', senderNumber: '' };
    for (const open of await this.c.reviews.find({ profileNumber, senderNumber, state: 'open' }).toArray()) {
      const resolution = closedResolution(record, open._id);
      await insertOnce(this.c.reviewResolutions, { _id: open._id, resolution: JSON.stringify(resolution) });
      await this.c.reviews.updateOne({ _id: open._id }, { $set: { state: 'resolved' } });
    }
  }

  listReviews(query: ReviewQuery): Promise<ReviewItem[]> {
    return this.guard(async () => {
      const limit = query.limit ?? DEFAULT_REVIEW_LIMIT;
      const filter = {
        ...(query.state ? { state: query.state } : {}),
        ...(query.webhookId ? { webhookId: query.webhookId } : {}),
        ...(query.since ? { receivedAt: { $gte: isoTime(query.since, 'since') } } : {}),
      };
      const items: ReviewItem[] = [];
      const cursor = this.c.reviews.find(filter).sort({ order: 1 }).batchSize(Math.min(limit, 1000));
      try {
        for await (const document of cursor) {
          const item = await this.reviewOf(document);
          // The state hint is rewritten after the resolution: a stale 'open' is read right here.
          if (query.state === undefined || item.state === query.state) items.push(item);
          if (items.length >= limit) break;
        }
      } finally {
        await cursor.close();
      }
      return items;
    });
  }

  review(id: string): Promise<ReviewItem | null> {
    return this.guard(async () => {
      const document = await this.c.reviews.findOne({ _id: id });
      return document ? this.reviewOf(document) : null;
    });
  }

  /**
   * Effects first, each once by its key (the consent change by the event id, the reply by reviewOutboxIdOf),
   * then the resolution under the item's id: a decision cut short is completed by the next, and of two
   * decisions at once exactly one is recorded (the other answers ReviewDecidedError).
   */
  decideReview(id: string, input: ReviewDecisionInput): Promise<ReviewItem | null> {
    return this.guard(async () => {
      const document = await this.c.reviews.findOne({ _id: id });
      if (!document) return null;
      const item = await this.reviewOf(document);
      if (item.state !== 'open') throw new ReviewDecidedError(id, item.resolution?.decision ?? item.state);
      let change: ConsentChange | null = null;
      let outboxId: string | null = null;
      if (input.decision === 'opt-out') {
        const stored = await this.c.events.findOne({ _id: id });
        if (!stored) throw new Error(`event ${id} of review item ${id} is not stored`);
        const mark: ReviewMark = { itemId: id, by: input.by, at: input.at, note: input.note };
        // The reviewer is part of what the consent chain hashes (rules/README.md, Evidence).
        const record: InboundRecord = {
          ...(JSON.parse(stored.record) as InboundRecord),
          review: mark,
          reviewer: input.by,
        };
        change = await applyConsent(
          this.c.consentChanges,
          provenanceOf(record),
          item.consentKey,
          {
            effect: 'opt-out',
            eventTime: item.eventTime,
            doubleOptInExpiresAfterDays: input.doubleOptInExpiresAfterDays,
          },
          reviewReason(input, id),
        );
        if (change.changed) {
          await this.c.events.updateOne(
            { _id: id },
            {
              $set: {
                record: JSON.stringify(record),
                consentBefore: change.before,
                consentAfter: change.after,
                consentChanged: true,
                consentReason: change.reason,
                consentVersion: change.after.version,
              },
            },
          );
          if (input.reply) {
            outboxId = reviewOutboxIdOf(id);
            await this.outboxLog.enqueue(outboxId, { ...record, reply: input.reply, receivedAt: input.at });
          }
        }
      }
      const resolution = decidedResolution(id, input, change, outboxId);
      const won = await insertOnce(this.c.reviewResolutions, { _id: id, resolution: JSON.stringify(resolution) });
      if (!won) throw new ReviewDecidedError(id, 'decided concurrently');
      await this.c.reviews.updateOne({ _id: id }, { $set: { state: 'resolved' } });
      return { ...item, state: 'resolved', resolution };
    });
  }

  private async reviewOf(document: ReviewDocument): Promise<ReviewItem> {
    const opened = JSON.parse(document.item) as ReviewItem;
    const resolved = await this.c.reviewResolutions.findOne({ _id: document._id });
    return resolved
      ? { ...opened, state: 'resolved', resolution: JSON.parse(resolved.resolution) as ReviewResolution }
      : opened;
  }

  inboundPage(query: InboundPageQuery): Promise<{ events: InboundSample[]; next: string | null }> {
    return this.guard(async () => {
      const documents = await this.c.events
        .find(
          {
            webhookId: query.webhookId,
            ...(query.after === null ? {} : { order: { $gt: new ObjectId(query.after) } }),
            ...(query.since ? { eventTime: { $gte: isoTime(query.since, 'since') } } : {}),
          },
          { projection: { order: 1, requestId: 1, record: 1, consentReason: 1 } },
        )
        .sort({ order: 1 })
        .limit(query.limit)
        .toArray();
      const events = documents.map((document) => {
        const record = JSON.parse(document.record) as InboundRecord;
        const text = record.event.inboundMessage;
        return {
          requestId: document.requestId,
          eventTime: record.eventTime,
          text: record.binary || typeof text !== 'string' ? null : text,
          category: record.category,
          consentReason: document.consentReason,
          reviewed: record.review !== undefined,
        };
      });
      const last = documents.at(-1);
      return { events, next: documents.length < query.limit || !last ? null : last.order.toHexString() };
    });
  }

  countInbound(query: Omit<InboundPageQuery, 'after' | 'limit'>): Promise<number> {
    return this.guard(() =>
      this.c.events.countDocuments({
        webhookId: query.webhookId,
        ...(query.since ? { eventTime: { $gte: isoTime(query.since, 'since') } } : {}),
      }),
    );
  }

  /** Refuses work once closed (the driver would silently reconnect) and maps unavailability. */
  private async guard<T>(run: () => Promise<T>): Promise<T> {
    if (this.closed) throw new StoreUnavailableError('MongoDB store is closed');
    try {
      return await this.connection.run(run);
    } catch (error) {
      throw mapMongoError(error);
    }
  }
}

function outboxHead(document: OutboxDocument): MessageHead {
  return {
    id: document._id,
    webhookId: document.webhookId,
    to: document.reply.to,
    createdAt: document.createdAt,
    outbox: true,
  };
}

/** A delivery whose reports name no outbox entry, by its first report. */
function unreferencedHead(document: FeedbackDocument): MessageHead {
  const record = JSON.parse(document.record) as FeedbackRecord;
  return {
    id: document.delivery.deliveryKey,
    webhookId: document.webhookId,
    to: recipientOf(record.recipient),
    createdAt: record.receivedAt,
    outbox: false,
  };
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

function reviewDocumentOf(item: ReviewItem): ReviewDocument {
  return {
    _id: item.id,
    order: new ObjectId(),
    webhookId: item.webhookId,
    ...item.consentKey,
    receivedAt: item.receivedAt,
    state: 'open',
    item: JSON.stringify(item),
  };
}
