// The storage port: what Optline needs to keep, in the domain's words. One adapter per backend
// (sqlite, mongo) implements it; test/store/store-contract.ts holds the one suite both must pass.
import type { CanonicalStatus, FeedbackStatus } from '../events.ts';
import type { ConsentChain } from '../consent/consent-chain.ts';
import type { ConsentKey, ConsentSnapshot } from '../consent/consent-state.ts';
import type { ConsentChange, TransitionInput } from '../consent/transition.ts';
import type { DeliveryState } from '../feedback/delivery-state.ts';

// The delivery state machine owns its state's shape; the port stores it.
export type { DeliveryState, DeliveryTarget } from '../feedback/delivery-state.ts';

/** Which rule file revision decided an event. */
export interface RuleRevision {
  id: string;
  version: string;
  contentHash: string;
  /** A webhook managed through the admin API: its API revision number. */
  apiRevision?: number;
}

export interface OutboxReply {
  from: string; // the number the person texted (the webhook's sender number when the payload has none)
  to: string; // the person's E.164 number
  text: string;
  category: string; // the decision category that chose this reply
}

export interface InboundRecord {
  webhookId: string;
  requestId: string; // idempotency: (webhookId, requestId)
  receivedAt: string; // ISO-8601 UTC, when Optline received the callback
  eventTime: string; // the event's own time (normalised originTimestamp bounded by receipt + skew, else receivedAt)
  bodyId: string; // the request body as received, stored once (recordBody) however many events it holds
  event: Record<string, unknown>; // extracted and normalised fields
  category: string | null; // null when not classified (binary body)
  keyword: string | null;
  explanation: unknown; // the decision's explanation (json-rules-engine results included)
  customKeyword: boolean; // flagged so an audience can be built from these events
  binary: boolean;
  ruleRevision: RuleRevision;
  consentKey: ConsentKey | null; // null when the sender number could not be normalised
  reply: OutboxReply | null;
  /** The number texted is not the rule file's and no channel configuration attaches the credentials to it. */
  unattachedInboundNumber?: boolean;
  /** SHA-256 (hex) of the body's bytes as received, taken at ingest; its consent change's hash covers it. */
  rawBodyHash?: string;
  /** Who decided this event's consent change by hand (the review queue); absent for automatic decisions. */
  reviewer?: string;
  /** Set when a reviewer's opt-out decision moved consent on this message (decideReview). */
  review?: ReviewMark;
}

export interface StoredInbound extends InboundRecord {
  consentBefore: ConsentSnapshot | null;
  consentAfter: ConsentSnapshot | null;
  consentChanged: boolean;
  consentReason: string | null;
  outboxId: string | null;
}

/**
 * What moves an inbound event's consent besides its current state: the transition's input without the event
 * time, which is the record's. Data rather than a callback: every adapter runs the same consent/transition.ts.
 */
export type ConsentRule = Omit<TransitionInput, 'eventTime'>;

export interface RecordInboundResult {
  duplicate: boolean; // a replay: nothing changed
  /** A replay: as stored first. Else the record as given (JSON data: nothing JSON.stringify drops or changes). */
  stored: StoredInbound;
}

export interface FeedbackRecord {
  webhookId: string;
  messageId: string | null;
  clientReference: string | null;
  recipient: string | null;
  status: FeedbackStatus; // one status; a callback with several records each separately
  receivedAt: string;
  bodyId: string; // the request body, stored once (recordBody)
  event: Record<string, unknown>;
}

export interface RecordFeedbackResult {
  duplicate: boolean; // idempotency: (webhookId, messageId, status, code[, provider status time]); clientReference stands in for a missing messageId
  delivery: DeliveryState; // as this record left it (a replay returns what the original stored)
}

export interface ConsentView {
  key: ConsentKey;
  current: ConsentSnapshot;
  /** Every inbound event that changed this consent, oldest first (by consentAfter.version). */
  history: StoredInbound[];
}

export const OUTBOX_STATES = ['pending', 'sending', 'sent', 'failed', 'suppressed'] as const;
/** pending: waits for its next attempt; sending: leased by a dispatcher; sent, failed, suppressed: final. */
export type OutboxState = (typeof OUTBOX_STATES)[number];

export interface OutboxEntry {
  id: string;
  webhookId: string;
  requestId: string;
  reply: OutboxReply;
  createdAt: string;
  state: OutboxState;
  attempts: number; // leases taken so far; recorded before each send
  /** When the entry is next due: pending, its next attempt; sending, when its lease expires; final, null. */
  nextAttemptAt: string | null;
  lastAttemptAt: string | null; // when the latest lease was taken
  /** True while an earlier attempt may have reached the vendor without our knowing (lease lost, timeout). */
  inDoubt: boolean;
  lastError: string | null; // why the latest attempt did not send, or why the entry failed or was suppressed
  providerMessageId: string | null;
  sentAt: string | null;
}

/** Who holds an entry: the owner that leased it and the attempt number that lease recorded. */
export interface OutboxLease {
  owner: string;
  attempt: number;
}

export interface LeasedOutboxEntry extends OutboxEntry {
  lease: OutboxLease;
}

export type OutboxSettlement =
  | { outcome: 'sent'; providerMessageId: string; at: string }
  | { outcome: 'retry'; at: string; nextAttemptAt: string; reason: string; inDoubt: boolean }
  | { outcome: 'failed'; at: string; reason: string }
  | { outcome: 'suppressed'; at: string; reason: string };

/** What the reply guard needs to know about one reply's recipient. */
export interface ReplyHistoryQuery {
  webhookId: string;
  requestId: string; // with webhookId: the inbound event that queued the entry being decided
  to: string; // the person's number
  since: string; // ISO-8601: older events and replies are left out
  excludeOutboxId: string; // the entry being decided (its own inbound event is left out too)
}

export interface ReplyHistory {
  /** The text of the inbound message that asked for this reply ('' when it had none). */
  inboundText: string;
  /** When earlier inbound messages from this number to this webhook were received, newest first (at most 100). */
  inboundAt: string[];
  /**
   * Replies to this number that were sent (at: sentAt) or are being sent (at: lastAttemptAt), newest first;
   * queuedAt is the entry's createdAt.
   */
  replies: Array<{
    from: string;
    text: string;
    category: string;
    at: string;
    queuedAt: string;
    state: 'sent' | 'sending';
  }>;
}

/** One consent as exported: its key and current snapshot. */
export interface ExportedConsent {
  key: ConsentKey;
  state: ConsentSnapshot['state'];
  changedAt: string | null;
  version: number;
}

export interface ConsentExportQuery {
  since?: string; // ISO-8601: only consents changed at or after this time
  limit?: number; // default 1000
  after?: ConsentKey; // the last key of the previous page: the page starts after it
}

/** One person who sent a webhook's custom keyword. */
export interface AudienceMember {
  profileNumber: string;
  firstAt: string; // event time of the first such message since the date
  lastAt: string;
  count: number;
}

export interface AudienceQuery {
  webhookId?: string;
  since: string; // ISO-8601, compared with each event's time
}

export interface EventQuery {
  profileNumber?: string;
  webhookId?: string;
  limit?: number; // default 100
  /** The last event of the previous page: this page starts after it (older). */
  before?: { webhookId: string; requestId: string };
}

/** A callback body as received: stored once, however many events it holds; they name it by its id. */
export interface ReceivedBody {
  id: string; // bodyIdOf(text)
  text: string;
  receivedAt: string;
}

/**
 * An Amazon SNS subscription message a webhook received (src/handshakes), and what became of it: pending (the
 * admin confirms by hand at subscribeUrl), confirmed, failed (confirming did not get through) or ignored (an
 * UnsubscribeConfirmation). Kept apart from the events: a handshake is never extracted or classified.
 */
export const DEFAULT_SUBSCRIPTION_LIMIT = 100;

export interface SubscriptionConfirmationRecord {
  webhookId: string;
  messageType: 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';
  messageId: string;
  topicArn: string;
  /** Holds the confirmation token: shown through the admin API, never logged. */
  subscribeUrl: string;
  receivedAt: string;
  outcome: 'pending' | 'confirmed' | 'failed' | 'ignored';
  reason: string | null;
}

/** One consent key as replayed by `optline consent rekey`: the events now under it, each with its change. */
export interface ConsentReplay {
  key: ConsentKey;
  /** The key's stored version the replay was planned on: the write refuses if it has moved since. */
  expectedVersion: number;
  /** In recorded order; the key's consent becomes the last change made (none: no consent). */
  events: Array<{ webhookId: string; requestId: string; change: ConsentChange }>;
}

/** One delivery report of a message, as its provider sent it (raw fields type preserved) and as normalised. */
export interface MessageReport {
  at: string; // when Optline received it
  webhookId: string; // the webhook that received it
  status: CanonicalStatus;
  final: boolean;
  code: unknown;
  rawStatus: unknown;
  detail: unknown; // null when the provider gave none
}

/**
 * An outbound message: a reply from the outbox joined with its delivery, or a delivery whose reports name no
 * outbox entry (a message Optline did not send). status..detail: where its delivery stands and the raw fields
 * of the report that took it there; all null until a report arrives.
 */
export interface MessageRecord {
  id: string; // the outbox id; for a message Optline did not send, its delivery key (the provider's message id)
  webhookId: string; // the webhook that queued the reply, else the one that received its first report
  from: string | null; // null when not sent by Optline
  to: string | null;
  createdAt: string; // queued at, else when its first report was received
  state: OutboxState | null; // the outbox entry's state; null when not sent by Optline
  attempts: number;
  providerMessageId: string | null;
  status: CanonicalStatus | null;
  final: boolean;
  updatedAt: string | null;
  code: unknown;
  rawStatus: unknown;
  detail: unknown;
  history: MessageReport[]; // oldest first
}

/** Where a page of messages ends: the next page starts after it. */
export interface MessageCursor {
  createdAt: string;
  id: string;
}

export interface MessageQuery {
  webhookId?: string;
  to?: string; // E.164
  since?: string; // ISO-8601: created at or after
  status?: CanonicalStatus; // the delivery's current status
  limit?: number; // default 100
  before?: MessageCursor;
}

/** Days are UTC dates (YYYY-MM-DD), both ends included. */
export interface DailyReportQuery {
  since: string;
  until: string;
  webhookId?: string;
}

/** One webhook's day: events by the day received, replies by the day queued. */
export interface DailyReportRow {
  date: string;
  webhookId: string;
  /** Inbound events by decision category ("unclassified": a binary body or a media-only MMS). */
  inbound: Record<string, number>;
  /** Events that moved a consent to opted-out, and to opted-in. */
  optOuts: number;
  optIns: number;
  /** Replies by outbox state: delivered = sent (handed to the provider), pending = pending or sending. */
  replies: { delivered: number; failed: number; pending: number };
}

/** Who decided a review item and why: kept on the item and on the reviewed message's consent history entry. */
export interface ReviewMark {
  itemId: string;
  by: string; // the reviewer's token label
  at: string; // when decided (ISO-8601)
  note: string | null;
}

export const REVIEW_STATES = ['open', 'resolved'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/**
 * What closed a review item: a reviewer's decision, or ('closed') a later exact opt-out of the same person.
 * consent: what the reviewer's opt-out did (it orders as the reviewed message: a later change stands).
 */
export interface ReviewResolution extends ReviewMark {
  decision: 'opt-out' | 'dismiss' | 'closed';
  closedBy: { webhookId: string; requestId: string } | null;
  consent: { changed: boolean; before: ConsentSnapshot; after: ConsentSnapshot; reason: string } | null;
  outboxId: string | null; // the opt-out confirmation queued, if any
}

/** A fuzzy opt-out that did not opt the person out, opened by recordInbound in the same write as its event. */
export interface ReviewItem {
  id: string; // eventIdOf(webhookId, requestId): one per event
  webhookId: string;
  requestId: string;
  receivedAt: string; // when the message came: the item's opening time
  eventTime: string; // the message's own time: a reviewer's opt-out orders as of it
  consentKey: ConsentKey;
  inboundNumber: string | null; // the number texted: the opt-out confirmation goes from it
  text: string;
  rule: string; // F0-F4 rule id of the fuzzy decision
  keyword: string | null;
  state: ReviewState;
  resolution: ReviewResolution | null;
}

export interface ReviewQuery {
  state?: ReviewState;
  webhookId?: string;
  since?: string; // ISO-8601: opened (received) at or after
  limit?: number; // default 100; oldest first
}

export interface ReviewDecisionInput {
  decision: 'opt-out' | 'dismiss';
  by: string;
  at: string;
  note: string | null;
  doubleOptInExpiresAfterDays: number;
  /** The webhook's opt-out confirmation, queued only when the opt-out moves consent. */
  reply: OutboxReply | null;
}

/** A webhook's stored inbound event as a simulation reads it: only what reclassifying needs. */
export interface InboundSample {
  requestId: string;
  eventTime: string;
  text: string | null; // null: binary or media only
  category: string | null;
  consentReason: string | null; // null: no consent key
  reviewed: boolean; // a reviewer moved its consent (not the rules)
}

export interface InboundPageQuery {
  webhookId: string;
  since?: string; // ISO-8601, compared with each event's time
  after: string | null; // the previous page's `next`
  limit: number;
}

export interface Store {
  /**
   * Records an inbound event, its consent change (consent/transition.ts with `rule` and record.eventTime, none
   * when record.consentKey is null) and its outbox entry as one atomic, idempotent write; resolves once durable.
   * The outbox id is eventIdOf(webhookId, requestId).
   */
  recordInbound(record: InboundRecord, rule: ConsentRule): Promise<RecordInboundResult>;
  /** Moves the delivery it is about with feedback/advance-delivery.ts (record.status at record.receivedAt). */
  recordFeedback(record: FeedbackRecord): Promise<RecordFeedbackResult>;
  consentOf(profileNumber: string): Promise<ConsentView[]>;
  consent(key: ConsentKey): Promise<ConsentSnapshot>;
  /** Every stored consent, ordered by (profileNumber, senderNumber): page with `after`. */
  exportConsents(query: ConsentExportQuery): Promise<ExportedConsent[]>;
  /**
   * Puts each replay's events under its key with their replayed changes and sets each key's consent from them.
   * Throws ConsentMovedError, writing nothing on SQLite, when a key's version is no longer `expectedVersion`.
   */
  replayConsent(replays: ConsentReplay[]): Promise<void>;
  /** The profile numbers that sent the custom keyword since a date, ordered by profile number. */
  audience(query: AudienceQuery): Promise<AudienceMember[]>;
  /** Newest first. */
  listEvents(query: EventQuery): Promise<StoredInbound[]>;
  /** Newest first. */
  listFeedback(query: {
    webhookId?: string;
    limit?: number;
  }): Promise<Array<FeedbackRecord & { delivery: DeliveryState }>>;
  delivery(deliveryKey: string): Promise<DeliveryState | null>;
  /** Newest first (createdAt, then id, descending): page with `before`. */
  listMessages(query: MessageQuery): Promise<MessageRecord[]>;
  message(id: string): Promise<MessageRecord | null>;
  /** Oldest first: the order to send in. */
  outbox(query: { state?: OutboxState; limit?: number }): Promise<OutboxEntry[]>;
  /**
   * Atomically claims up to `limit` due entries for `owner` until now + leaseMs, oldest first: pending ones
   * whose next attempt is due, and sending ones whose lease expired (these come back inDoubt). Each lease
   * records its attempt (attempts + 1) before anything is sent; two stores on one database never lease one
   * entry at once.
   */
  leaseOutbox(owner: string, now: string, leaseMs: number, limit: number): Promise<LeasedOutboxEntry[]>;
  /**
   * Records the outcome of a leased attempt. False (and nothing changes) when the lease is no longer held:
   * another lease was taken since, or the entry was settled already.
   */
  settleOutbox(id: string, lease: OutboxLease, settlement: OutboxSettlement): Promise<boolean>;
  replyHistory(query: ReplyHistoryQuery): Promise<ReplyHistory>;
  /** The webhook's URL secret, created with `generate` the first time and kept thereafter. */
  webhookSecret(webhookId: string, generate: () => string): Promise<string>;
  /**
   * True the first time a (webhookId, nonce) is seen; false on reuse. Entries may be dropped after expiresAt,
   * judged at `now` (the caller's clock, ISO-8601; default the system clock).
   */
  rememberNonce(webhookId: string, nonce: string, expiresAt: string, now?: string): Promise<boolean>;
  /** Appends one received subscription message (each delivery its own record: nothing is updated). */
  recordSubscriptionConfirmation(record: SubscriptionConfirmationRecord): Promise<void>;
  /** A webhook's subscription messages, newest first (default limit 100). */
  subscriptionConfirmations(webhookId: string, limit?: number): Promise<SubscriptionConfirmationRecord[]>;
  /** A small durable write: throws StoreUnavailableError when the backend cannot be reached or cannot write now. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Each key's consent chain (consent/consent-chain.ts: every change, oldest first), in the order asked. */
  consentChains(keys: ConsentKey[]): Promise<ConsentChain[]>;
  /** Keeps a rule file's text under its content hash (sha256 of its bytes), once: evidence shows what decided. */
  recordRuleContent(contentHash: string, content: string): Promise<void>;
  /** The rule file text recorded under a content hash; null when none was. */
  ruleContent(contentHash: string): Promise<string | null>;
  /** Per day and webhook, ordered by date then webhook; days without events or replies are left out. */
  dailyReport(query: DailyReportQuery): Promise<DailyReportRow[]>;
  /** Stores a callback body once (a body already stored under its id: nothing changes); resolves once durable. */
  recordBody(body: ReceivedBody): Promise<void>;
  /** The body an event or feedback record names (its bodyId) as received; null when none is stored under it. */
  rawBody(bodyId: string): Promise<string | null>;
  /** How many outbox entries are in each state (states with none are left out); on MongoDB from the state hints. */
  outboxCounts(): Promise<Partial<Record<OutboxState, number>>>;
  /** The current consent of the key an inbound event was recorded under; null: no such event, or it had no key. */
  consentOfEvent(webhookId: string, requestId: string): Promise<ConsentSnapshot | null>;
  /** Review items, oldest first. */
  listReviews(query: ReviewQuery): Promise<ReviewItem[]>;
  review(id: string): Promise<ReviewItem | null>;
  /**
   * Resolves an open item; an opt-out moves its consent with consent/transition.ts at the item's event time (in
   * the key's version order) and, when that changes it, marks the reviewed event (its history entry) and queues
   * `reply` (outbox id reviewOutboxIdOf(id)). Null: no such item. Throws ReviewDecidedError when it is not open.
   */
  decideReview(id: string, input: ReviewDecisionInput): Promise<ReviewItem | null>;
  /** One bounded page of a webhook's inbound events in stored order; `next` is null after the last page. */
  inboundPage(query: InboundPageQuery): Promise<{ events: InboundSample[]; next: string | null }>;
  /** How many events inboundPage would read in all (for a progress bar). */
  countInbound(query: Omit<InboundPageQuery, 'after' | 'limit'>): Promise<number>;
}
