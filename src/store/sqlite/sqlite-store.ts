// The embedded store: one SQLite file (better-sqlite3, WAL) in the data dir. Writes go through a group commit:
// each caller's promise settles after the COMMIT that holds its write. Durable as synchronous=FULL by default,
// without its fsync on the event loop: the connection runs synchronous=NORMAL (SQLite still syncs the WAL before
// each checkpoint, the database after it, and the WAL header when it is reused) and the group commit fdatasyncs
// the WAL on the libuv threadpool after each COMMIT, settling that group's promises only once it is done.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  changeContent,
  nextLink,
  type ConsentChain,
  type ConsentLink,
  type ChangeProvenance,
} from '../../consent/consent-chain.ts';
import { NO_CONSENT, type ConsentKey, type ConsentSnapshot } from '../../consent/consent-state.ts';
import { transition, type ConsentChange } from '../../consent/transition.ts';
import { advanceDelivery } from '../../feedback/advance-delivery.ts';
import { withAppliedReply } from '../applied-reply.ts';
import { provenanceOf } from '../change-provenance.ts';
import { deliveryTargetOf } from '../delivery-target.ts';
import { eventIdOf, feedbackIdOf, reviewOutboxIdOf } from '../idempotency-keys.ts';
import { StoreUnavailableError } from '../store-unavailable-error.ts';
import { ConsentMovedError } from '../consent-moved-error.ts';
import { recentRepliesOf, settledFields } from '../outbox-transitions.ts';
import { DEFAULT_EXPORT_LIMIT, DEFAULT_REVIEW_LIMIT, isoTime } from '../query-time.ts';
import { headLimit, messageOf, pageOfMessages, recipientOf, type MessageHead } from '../message-records.ts';
import type {
  AudienceMember,
  AudienceQuery,
  ConsentExportQuery,
  ConsentReplay,
  ConsentRule,
  ConsentView,
  DeliveryState,
  EventQuery,
  ExportedConsent,
  FeedbackRecord,
  InboundRecord,
  LeasedOutboxEntry,
  MessageQuery,
  MessageRecord,
  OutboxEntry,
  OutboxLease,
  OutboxReply,
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
} from '../store.ts';
import { DEFAULT_SUBSCRIPTION_LIMIT } from '../store.ts';
import type { DailyReportQuery, DailyReportRow } from '../store.ts';
import { dailyReportRows, type EventGroup, type ReplyGroup } from '../daily-report.ts';
import { ReviewDecidedError } from '../review-decided-error.ts';
import { closedResolution, closesReviews, decidedResolution, reviewItemOf, reviewReason } from '../review-items.ts';
import { GroupCommit } from './group-commit.ts';
import { isUnavailable, mapSqliteError } from './sqlite-errors.ts';
import { migrate } from './sqlite-schema.ts';
import {
  prepareStatements,
  type ChainLinkRow,
  type ConsentRow,
  type EventRow,
  type MessageHeadRow,
  type OutboxRow,
  type SqliteStatements,
} from './sqlite-statements.ts';
import { errorCode, walSync, type FdatasyncCall, type WalSync } from './wal-sync.ts';

export interface SqliteStoreOptions {
  dir: string;
  synchronous?: 'FULL' | 'NORMAL';
  /** With FULL, the fdatasync of the WAL after each COMMIT (default node:fs's). A seam for tests, which record
   * when each sync is issued and ends, or fail it; main.ts never sets it. */
  fdatasync?: FdatasyncCall;
  /** How long a write waits for a lock held by another connection before the store reports unavailable. */
  busyTimeoutMs?: number;
  /** Told the size of each group of writes committed together (metrics). */
  groupCommitted?: (size: number) => void;
}

export const SQLITE_FILE_NAME = 'optline.sqlite';

const NONCE_PURGE_INTERVAL_MS = 60_000;

export async function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  let db: Database.Database;
  try {
    mkdirSync(options.dir, { recursive: true });
    db = new Database(join(options.dir, SQLITE_FILE_NAME), { timeout: options.busyTimeoutMs ?? 2000 });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    migrate(db);
  } catch (error) {
    throw mapOpenError(error, options.dir);
  }
  return new SqliteStore(
    db,
    (options.synchronous ?? 'FULL') === 'FULL' ? walSync(`${db.name}-wal`, options.fdatasync) : undefined,
    options.groupCommitted,
  );
}

function mapOpenError(error: unknown, dir: string): unknown {
  if (isUnavailable(error)) return mapSqliteError(error);
  const code = errorCode(error);
  if (/^E[A-Z]+$/.test(code)) return new StoreUnavailableError(`SQLite store cannot open ${dir} (${code})`, error);
  return error;
}

class SqliteStore implements Store {
  private readonly writes: GroupCommit;
  private closed = false;
  private lastNoncePurge = 0;
  private readonly sql: SqliteStatements;

  constructor(
    private readonly db: Database.Database,
    private readonly wal: WalSync | undefined,
    groupCommitted?: (size: number) => void,
  ) {
    this.writes = new GroupCommit(db, {
      aborts: isUnavailable,
      mapError: mapSqliteError,
      ...(wal ? { sync: wal.sync } : {}),
      ...(groupCommitted ? { committed: groupCommitted } : {}),
    });
    this.sql = prepareStatements(db);
  }

  recordInbound(given: InboundRecord, rule: ConsentRule): Promise<RecordInboundResult> {
    return this.write(() => {
      const existing = this.sql.eventByRequest.get(given.webhookId, given.requestId);
      if (existing) return { duplicate: true, stored: toStoredInbound(existing) };
      const consent = given.consentKey
        ? this.applyConsent(given.consentKey, given.eventTime, rule, provenanceOf(given))
        : null;
      const change = consent?.change ?? null;
      const record = withAppliedReply(given, change);
      const outboxId = record.reply ? eventIdOf(record.webhookId, record.requestId) : null;
      const json = JSON.stringify(record);
      if (record.reply && outboxId) {
        this.sql.insertOutbox.run({
          id: outboxId,
          webhookId: record.webhookId,
          requestId: record.requestId,
          reply: JSON.stringify(record.reply),
          createdAt: record.receivedAt,
          to: record.reply.to,
        });
      }
      this.sql.insertEvent.run({
        webhookId: record.webhookId,
        requestId: record.requestId,
        profileNumber: record.consentKey?.profileNumber ?? null,
        senderNumber: record.consentKey?.senderNumber ?? null,
        record: json,
        consentBefore: change ? JSON.stringify(change.before) : null,
        consentAfter: change ? JSON.stringify(change.after) : null,
        consentChanged: change?.changed ? 1 : 0,
        consentReason: change?.reason ?? null,
        consentVersion: change?.changed ? change.after.version : null,
        outboxId,
        eventTime: record.eventTime,
        customKeyword: record.customKeyword ? 1 : 0,
        consentHash: consent?.link?.hash ?? null,
        consentPreviousHash: consent?.link?.previousHash ?? null,
      });
      const item = reviewItemOf(record, change);
      if (item) {
        this.sql.insertReview.run({
          id: item.id,
          webhookId: item.webhookId,
          ...item.consentKey,
          receivedAt: item.receivedAt,
          item: JSON.stringify(item),
        });
      }
      if (closesReviews(record) && record.consentKey) {
        const { profileNumber, senderNumber } = record.consentKey;
        for (const row of this.sql.openReviewsOfKey.all(profileNumber, senderNumber)) {
          const open = parse<ReviewItem>(row.item);
          const closed = { ...open, state: 'resolved', resolution: closedResolution(record, open.id) };
          this.sql.resolveReview.run(JSON.stringify(closed), open.id);
        }
      }
      const stored: StoredInbound = {
        ...record, // JSON data (see RecordInboundResult), so a replay reads back the same
        consentBefore: change?.before ?? null,
        consentAfter: change?.after ?? null,
        consentChanged: change?.changed ?? false,
        consentReason: change?.reason ?? null,
        outboxId,
      };
      return { duplicate: false, stored };
    });
  }

  /** Inside the write transaction: the version and its chain link are taken under the same lock. */
  private applyConsent(
    key: ConsentKey,
    eventTime: string,
    rule: ConsentRule,
    provenance: ChangeProvenance,
    /** The reason stored (and hashed) instead of the transition's: a reviewer's decision says who decided. */
    reason?: string,
  ): { change: ConsentChange; link: ConsentLink | null } {
    const row = this.sql.consent.get(key.profileNumber, key.senderNumber);
    const moved = transition(row ? toSnapshot(row) : NO_CONSENT, { ...rule, eventTime });
    const change = reason === undefined ? moved : { ...moved, reason };
    if (!change.changed) return { change, link: null };
    this.sql.upsertConsent.run({ ...key, ...change.after });
    return { change, link: this.linkAfter(key, change.before.version, changeContent(key, change, provenance)) };
  }

  /** The link of a new change after `version` of its key (the previous hash is null before the chain starts). */
  private linkAfter(key: ConsentKey, version: number, content: ConsentLink['content']): ConsentLink {
    const previousHash =
      version === 0
        ? null
        : (this.sql.consentHashAt.get(key.profileNumber, key.senderNumber, version)?.consent_hash ?? null);
    return nextLink(previousHash, content);
  }

  recordFeedback(record: FeedbackRecord): Promise<RecordFeedbackResult> {
    return this.write(() => {
      const id = feedbackIdOf(record);
      const existing = this.sql.feedbackById.get(id);
      if (existing) return { duplicate: true, delivery: parse<DeliveryState>(existing.delivery) };
      const target = deliveryTargetOf(record, this.outboxIdOf(record));
      const current = this.sql.delivery.get(target.deliveryKey);
      const delivery = advanceDelivery(
        current ? parse<DeliveryState>(current.state) : null,
        target,
        record.status,
        record.receivedAt,
      );
      this.sql.upsertDelivery.run(target.deliveryKey, JSON.stringify(delivery));
      this.sql.insertFeedback.run(id, record.webhookId, JSON.stringify(record), JSON.stringify(delivery));
      return { duplicate: false, delivery };
    });
  }

  consentOf(profileNumber: string): Promise<ConsentView[]> {
    return this.read(() =>
      this.sql.consentsOfProfile.all(profileNumber).map((row) => ({
        key: { senderNumber: row.sender_number, profileNumber: row.profile_number },
        current: toSnapshot(row),
        history: this.sql.history.all(row.profile_number, row.sender_number).map(toStoredInbound),
      })),
    );
  }

  consent(key: ConsentKey): Promise<ConsentSnapshot> {
    return this.read(() => {
      const row = this.sql.consent.get(key.profileNumber, key.senderNumber);
      return row ? toSnapshot(row) : NO_CONSENT;
    });
  }

  exportConsents(query: ConsentExportQuery): Promise<ExportedConsent[]> {
    return this.read(() =>
      this.sql.exportConsents
        .all({
          since: query.since === undefined ? null : isoTime(query.since, 'since'),
          afterProfile: query.after?.profileNumber ?? null,
          afterSender: query.after?.senderNumber ?? null,
          limit: query.limit ?? DEFAULT_EXPORT_LIMIT,
        })
        .map((row) => ({
          key: { senderNumber: row.sender_number, profileNumber: row.profile_number },
          ...toSnapshot(row),
        })),
    );
  }

  /** One write: every key is checked before anything changes, so a moved key writes nothing. */
  replayConsent(replays: ConsentReplay[]): Promise<void> {
    return this.write(() => {
      for (const { key, expectedVersion } of replays) {
        const found = this.sql.consent.get(key.profileNumber, key.senderNumber)?.version ?? 0;
        if (found !== expectedVersion) throw new ConsentMovedError(key, expectedVersion, found);
      }
      for (const { key, events } of replays) {
        // The key's chain is linked again over the events now under it, oldest first.
        let previousHash: string | null = null;
        for (const { webhookId, requestId, change } of events) {
          const row = this.sql.eventByRequest.get(webhookId, requestId);
          let link: ConsentLink | null = null;
          if (change.changed && row) {
            link = nextLink(previousHash, changeContent(key, change, provenanceOf(parse<InboundRecord>(row.record))));
            previousHash = link.hash;
          }
          this.sql.rekeyEvent.run({
            webhookId,
            requestId,
            ...key,
            consentKey: JSON.stringify(key),
            consentBefore: JSON.stringify(change.before),
            consentAfter: JSON.stringify(change.after),
            consentChanged: change.changed ? 1 : 0,
            consentReason: change.reason,
            consentVersion: change.changed ? change.after.version : null,
            consentHash: link?.hash ?? null,
            consentPreviousHash: link?.previousHash ?? null,
          });
        }
        const last = events.findLast((event) => event.change.changed)?.change.after;
        if (last) this.sql.upsertConsent.run({ ...key, ...last });
        else this.sql.deleteConsent.run(key.profileNumber, key.senderNumber);
      }
    });
  }

  audience(query: AudienceQuery): Promise<AudienceMember[]> {
    return this.read(() =>
      this.sql.audience.all({ since: isoTime(query.since, 'since'), webhook: query.webhookId ?? null }).map((row) => ({
        profileNumber: row.profile_number,
        firstAt: row.first_at,
        lastAt: row.last_at,
        count: row.count,
      })),
    );
  }

  listEvents(query: EventQuery): Promise<StoredInbound[]> {
    return this.read(() => {
      const webhook = query.webhookId ?? null;
      const limit = query.limit ?? 100;
      const before = query.before
        ? (this.sql.eventSeq.get(query.before.webhookId, query.before.requestId)?.seq ?? 0)
        : Number.MAX_SAFE_INTEGER;
      const rows =
        query.profileNumber === undefined
          ? this.sql.listEvents.all({ profile: null, webhook, before, limit })
          : this.sql.listEventsOfProfile.all({ profile: query.profileNumber, webhook, before, limit });
      return rows.map(toStoredInbound);
    });
  }

  listFeedback(query: {
    webhookId?: string;
    limit?: number;
  }): Promise<Array<FeedbackRecord & { delivery: DeliveryState }>> {
    return this.read(() =>
      this.sql.listFeedback
        .all({ webhook: query.webhookId ?? null, limit: query.limit ?? 100 })
        .map((row) => ({ ...parse<FeedbackRecord>(row.record), delivery: parse<DeliveryState>(row.delivery) })),
    );
  }

  delivery(deliveryKey: string): Promise<DeliveryState | null> {
    return this.read(() => {
      const row = this.sql.delivery.get(deliveryKey);
      return row ? parse<DeliveryState>(row.state) : null;
    });
  }

  async listMessages(query: MessageQuery): Promise<MessageRecord[]> {
    const since = query.since === undefined ? undefined : isoTime(query.since, 'since');
    const heads = await this.read(() => [
      ...this.sql.messageOutboxHeads
        .all({
          webhook: query.webhookId ?? null,
          to: query.to ?? null,
          since: since ?? null,
          beforeAt: query.before?.createdAt ?? null,
          beforeId: query.before?.id ?? null,
          limit: headLimit(query) ?? -1,
        })
        .map((row) => toHead(row, true)),
      ...this.sql.unreferencedHeads.all().map(unreferencedHead),
    ]);
    return pageOfMessages(heads, { ...query, ...(since ? { since } : {}) }, (page) =>
      this.read(() => this.readMessages(page)),
    );
  }

  message(id: string): Promise<MessageRecord | null> {
    return this.read(() => {
      const row = this.sql.outboxById.get(id);
      const head = row
        ? toHead({ ...row, to_number: null }, true)
        : this.sql.unreferencedHead.all(id).map(unreferencedHead)[0];
      return head ? (this.readMessages([head])[0] ?? null) : null;
    });
  }

  private readMessages(heads: MessageHead[]): MessageRecord[] {
    const reports = new Map<string, FeedbackRecord[]>();
    for (const row of this.sql.reportsOf.all(JSON.stringify(heads.map((head) => head.id))))
      reports.set(row.delivery_key, [...(reports.get(row.delivery_key) ?? []), parse<FeedbackRecord>(row.record)]);
    return heads.map((head) => {
      const entry = head.outbox ? this.sql.outboxById.get(head.id) : undefined;
      const delivery = this.sql.delivery.get(head.id);
      return messageOf(head, {
        entry: entry ? toOutboxEntry(entry) : null,
        delivery: delivery ? parse<DeliveryState>(delivery.state) : null,
        reports: reports.get(head.id) ?? [],
      });
    });
  }

  /** The outbox entry a feedback record is about: named by its client reference, else by the provider's message id. */
  private outboxIdOf(record: FeedbackRecord): string | null {
    const reference = record.clientReference;
    if (reference !== null && this.sql.outboxExists.get(reference) !== undefined) return reference;
    return record.messageId === null ? null : (this.sql.outboxByProviderMessage.get(record.messageId)?.id ?? null);
  }

  outbox(query: { state?: OutboxState; limit?: number }): Promise<OutboxEntry[]> {
    return this.read(() =>
      this.sql.listOutbox.all({ state: query.state ?? null, limit: query.limit ?? 100 }).map(toOutboxEntry),
    );
  }

  leaseOutbox(owner: string, now: string, leaseMs: number, limit: number): Promise<LeasedOutboxEntry[]> {
    const at = isoTime(now, 'now');
    const until = new Date(Date.parse(at) + leaseMs).toISOString();
    // One write transaction (BEGIN IMMEDIATE): no other connection leases between the read and the updates.
    return this.write(() =>
      this.sql.dueOutbox.all({ now: at, limit }).map((row) => {
        this.sql.leaseOutbox.run({ id: row.id, owner, now: at, until });
        const leased = this.sql.outboxById.get(row.id);
        if (!leased) throw new Error(`outbox entry ${row.id} vanished while being leased`);
        return { ...toOutboxEntry(leased), lease: { owner, attempt: leased.attempts } };
      }),
    );
  }

  settleOutbox(id: string, lease: OutboxLease, settlement: OutboxSettlement): Promise<boolean> {
    return this.write(() => {
      const row = this.sql.outboxById.get(id);
      if (!row || row.state !== 'sending' || row.lease_owner !== lease.owner || row.attempts !== lease.attempt)
        return false;
      const next = settledFields(settlement);
      this.sql.settleOutbox.run({
        id,
        state: next.state,
        nextAttemptAt: next.nextAttemptAt,
        inDoubt: next.inDoubt ? 1 : 0,
        lastError: next.lastError,
        providerMessageId: next.providerMessageId ?? row.provider_message_id,
        sentAt: next.sentAt,
      });
      return true;
    });
  }

  replyHistory(query: ReplyHistoryQuery): Promise<ReplyHistory> {
    return this.read(() => {
      const since = isoTime(query.since, 'since');
      const inboundAt = this.sql.recentInbound
        .all({ profile: query.to, webhook: query.webhookId, exclude: query.excludeOutboxId })
        .map((row) => row.received_at)
        .filter((at) => typeof at === 'string' && at >= since);
      const replies = this.sql.recentReplies
        .all({ to: query.to, exclude: query.excludeOutboxId, since })
        .map(toOutboxEntry);
      const text = this.sql.inboundText.get(query.webhookId, query.requestId)?.text;
      return { inboundText: typeof text === 'string' ? text : '', inboundAt, replies: recentRepliesOf(replies) };
    });
  }

  async webhookSecret(webhookId: string, generate: () => string): Promise<string> {
    const known = await this.read(() => this.sql.secret.get(webhookId)?.secret);
    if (known !== undefined) return known;
    return this.write(() => {
      this.sql.insertSecret.run(webhookId, generate());
      const row = this.sql.secret.get(webhookId);
      if (!row) throw new Error(`webhook secret for ${webhookId} was not stored`);
      return row.secret;
    });
  }

  rememberNonce(webhookId: string, nonce: string, expiresAt: string, at?: string): Promise<boolean> {
    return this.write(() => {
      const now = at === undefined ? Date.now() : Date.parse(at);
      if (now - this.lastNoncePurge > NONCE_PURGE_INTERVAL_MS) {
        this.sql.purgeNonces.run(now);
        this.lastNoncePurge = now;
      }
      return this.sql.rememberNonce.run(webhookId, nonce, Date.parse(expiresAt), now).changes === 1;
    });
  }

  recordSubscriptionConfirmation(record: SubscriptionConfirmationRecord): Promise<void> {
    return this.write(() => {
      this.sql.insertSubscriptionConfirmation.run(record.webhookId, JSON.stringify(record));
    });
  }

  subscriptionConfirmations(
    webhookId: string,
    limit = DEFAULT_SUBSCRIPTION_LIMIT,
  ): Promise<SubscriptionConfirmationRecord[]> {
    return this.read(() =>
      this.sql.subscriptionConfirmations
        .all(webhookId, limit)
        .map((row) => parse<SubscriptionConfirmationRecord>(row.record)),
    );
  }

  listReviews(query: ReviewQuery): Promise<ReviewItem[]> {
    return this.read(() =>
      this.sql.listReviews
        .all({
          state: query.state ?? null,
          webhook: query.webhookId ?? null,
          since: query.since === undefined ? null : isoTime(query.since, 'since'),
          limit: query.limit ?? DEFAULT_REVIEW_LIMIT,
        })
        .map((row) => parse<ReviewItem>(row.item)),
    );
  }

  review(id: string): Promise<ReviewItem | null> {
    return this.read(() => {
      const row = this.sql.review.get(id);
      return row ? parse<ReviewItem>(row.item) : null;
    });
  }

  /** One write: the check that the item is open, the consent change, the event's mark and the reply commit together. */
  decideReview(id: string, input: ReviewDecisionInput): Promise<ReviewItem | null> {
    return this.write(() => {
      const row = this.sql.review.get(id);
      if (!row) return null;
      const item = parse<ReviewItem>(row.item);
      if (item.state !== 'open') throw new ReviewDecidedError(id, item.resolution?.decision ?? item.state);
      let change: ConsentChange | null = null;
      let outboxId: string | null = null;
      if (input.decision === 'opt-out') {
        const stored = this.sql.eventByRequest.get(item.webhookId, item.requestId);
        if (!stored) throw new Error(`event ${id} of review item ${id} is not stored`);
        const mark: ReviewMark = { itemId: id, by: input.by, at: input.at, note: input.note };
        // The reviewer is part of what the consent chain hashes (rules/README.md, Evidence).
        const reviewed: InboundRecord = { ...parse<InboundRecord>(stored.record), review: mark, reviewer: input.by };
        const applied = this.applyConsent(
          item.consentKey,
          item.eventTime,
          { effect: 'opt-out', doubleOptInExpiresAfterDays: input.doubleOptInExpiresAfterDays },
          provenanceOf(reviewed),
          reviewReason(input, id),
        );
        change = applied.change;
        if (change.changed) {
          this.sql.markReviewedEvent.run({
            webhookId: item.webhookId,
            requestId: item.requestId,
            record: JSON.stringify(reviewed),
            consentBefore: JSON.stringify(change.before),
            consentAfter: JSON.stringify(change.after),
            consentReason: change.reason,
            consentVersion: change.after.version,
            consentHash: applied.link?.hash ?? null,
            consentPreviousHash: applied.link?.previousHash ?? null,
          });
          if (input.reply) {
            outboxId = reviewOutboxIdOf(id);
            this.sql.insertReviewOutbox.run({
              id: outboxId,
              webhookId: item.webhookId,
              requestId: item.requestId,
              reply: JSON.stringify(input.reply),
              createdAt: input.at,
              to: input.reply.to,
            });
          }
        }
      }
      const decided: ReviewItem = {
        ...item,
        state: 'resolved',
        resolution: decidedResolution(id, input, change, outboxId),
      };
      this.sql.resolveReview.run(JSON.stringify(decided), id);
      return decided;
    });
  }

  inboundPage(query: InboundPageQuery): Promise<{ events: InboundSample[]; next: string | null }> {
    return this.read(() => {
      const rows = this.sql.inboundPage.all({
        webhook: query.webhookId,
        after: query.after === null ? 0 : Number(query.after),
        since: query.since === undefined ? null : isoTime(query.since, 'since'),
        limit: query.limit,
      });
      const events = rows.map((row) => ({
        requestId: row.request_id,
        eventTime: row.event_time,
        text: row.binary === 1 || typeof row.text !== 'string' ? null : row.text,
        category: row.category,
        consentReason: row.consent_reason,
        reviewed: row.reviewed === 1,
      }));
      const last = rows.at(-1);
      return { events, next: rows.length < query.limit || !last ? null : String(last.seq) };
    });
  }

  countInbound(query: Omit<InboundPageQuery, 'after' | 'limit'>): Promise<number> {
    return this.read(() => {
      const since = query.since === undefined ? null : isoTime(query.since, 'since');
      return this.sql.countInbound.get({ webhook: query.webhookId, since })?.count ?? 0;
    });
  }

  /**
   * Writes one row through the group commit, synced like a callback's write: a store that cannot write now
   * (locked, disk full, the WAL's sync failing) is not ready.
   */
  async ping(): Promise<void> {
    await this.write(() => {
      this.sql.writeProbe.run(new Date().toISOString());
    });
  }

  recordBody(body: ReceivedBody): Promise<void> {
    return this.write(() => {
      this.sql.insertBody.run(body.id, body.receivedAt, body.text);
    });
  }

  rawBody(bodyId: string): Promise<string | null> {
    return this.read(() => this.sql.body.get(bodyId)?.text ?? null);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writes.drain();
    this.wal?.close();
    this.db.close();
  }

  consentChains(keys: ConsentKey[]): Promise<ConsentChain[]> {
    return this.read(() =>
      keys.map((key) => ({
        key,
        links: this.sql.chainLinks.all(key.profileNumber, key.senderNumber).map((row) => toLink(key, row)),
      })),
    );
  }

  recordRuleContent(contentHash: string, content: string): Promise<void> {
    return this.write(() => {
      this.sql.insertRuleContent.run(contentHash, content);
    });
  }

  ruleContent(contentHash: string): Promise<string | null> {
    return this.read(() => this.sql.ruleContent.get(contentHash)?.content ?? null);
  }

  dailyReport(query: DailyReportQuery): Promise<DailyReportRow[]> {
    return this.read(() => {
      const parameters = { since: query.since, until: query.until, webhookId: query.webhookId ?? null };
      const events = this.db
        .prepare<typeof parameters, EventGroup>(
          `SELECT substr(json_extract(record, '$.receivedAt'), 1, 10) AS day, webhook_id AS webhookId,
             json_extract(record, '$.category') AS category,
             CASE consent_changed WHEN 1 THEN json_extract(consent_after, '$.state') END AS changedTo, count(*) AS count
           FROM events
           WHERE substr(json_extract(record, '$.receivedAt'), 1, 10) BETWEEN @since AND @until
             AND (@webhookId IS NULL OR webhook_id = @webhookId)
           GROUP BY day, webhookId, category, changedTo`,
        )
        .all(parameters);
      const replies = this.db
        .prepare<typeof parameters, ReplyGroup>(
          `SELECT substr(created_at, 1, 10) AS day, webhook_id AS webhookId, state, count(*) AS count
           FROM outbox
           WHERE substr(created_at, 1, 10) BETWEEN @since AND @until AND (@webhookId IS NULL OR webhook_id = @webhookId)
           GROUP BY day, webhookId, state`,
        )
        .all(parameters);
      return dailyReportRows(events, replies);
    });
  }

  async consentOfEvent(webhookId: string, requestId: string): Promise<ConsentSnapshot | null> {
    const row = await this.read(() => this.sql.eventByRequest.get(webhookId, requestId));
    const key = row ? parse<InboundRecord>(row.record).consentKey : null;
    return key ? this.consent(key) : null;
  }

  outboxCounts(): Promise<Partial<Record<OutboxState, number>>> {
    return this.read(() => Object.fromEntries(this.sql.outboxCounts.all().map((row) => [row.state, row.n])));
  }

  private write<T>(run: () => T): Promise<T> {
    if (this.closed) return Promise.reject(closedError());
    return this.writes.submit(run);
  }

  private async read<T>(run: () => T): Promise<T> {
    if (this.closed) throw closedError();
    try {
      return run();
    } catch (error) {
      throw mapSqliteError(error);
    }
  }
}

function closedError(): StoreUnavailableError {
  return new StoreUnavailableError('SQLite store is closed');
}

function parse<T>(json: string): T {
  return JSON.parse(json) as T;
}

function toSnapshot(row: ConsentRow): ConsentSnapshot {
  return { state: row.state, changedAt: row.changed_at, version: row.version };
}

function toOutboxEntry(row: OutboxRow): OutboxEntry {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    requestId: row.request_id,
    reply: parse<OutboxReply>(row.reply),
    createdAt: row.created_at,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastAttemptAt: row.last_attempt_at,
    inDoubt: row.in_doubt === 1,
    lastError: row.last_error,
    providerMessageId: row.provider_message_id,
    sentAt: row.sent_at,
  };
}

function toHead(row: MessageHeadRow, outbox: boolean): MessageHead {
  return { id: row.id, webhookId: row.webhook_id, to: row.to_number, createdAt: row.created_at, outbox };
}

function unreferencedHead(row: MessageHeadRow): MessageHead {
  return { ...toHead(row, false), to: recipientOf(row.to_number) };
}

function toStoredInbound(row: EventRow): StoredInbound {
  return {
    ...parse<InboundRecord>(row.record),
    consentBefore: row.consent_before === null ? null : parse<ConsentSnapshot>(row.consent_before),
    consentAfter: row.consent_after === null ? null : parse<ConsentSnapshot>(row.consent_after),
    consentChanged: row.consent_changed === 1,
    consentReason: row.consent_reason,
    outboxId: row.outbox_id,
  };
}

/** A stored change as a chain link, its content read from the columns and record that show it. */
function toLink(key: ConsentKey, row: ChainLinkRow): ConsentLink {
  const before = parse<ConsentSnapshot>(row.consent_before);
  const after = parse<ConsentSnapshot>(row.consent_after);
  const change = { before, after, changed: true, reason: row.consent_reason };
  return {
    content: changeContent(key, change, provenanceOf(parse<InboundRecord>(row.record))),
    previousHash: row.consent_previous_hash,
    hash: row.consent_hash,
  };
}
