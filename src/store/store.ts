// The storage port: what Optline needs to keep, in the domain's words. One adapter per backend
// (sqlite, mongo) implements it; test/store/store-contract.ts holds the one suite both must pass.
import type { CanonicalStatus, FeedbackStatus } from '../events.ts';
import type { ConsentKey, ConsentSnapshot } from '../consent/consent-state.ts';
import type { ConsentChange } from '../consent/transition.ts';

/** Which rule file revision decided an event. */
export interface RuleRevision {
  id: string;
  version: string;
  contentHash: string;
}

export interface OutboxReply {
  from: string; // the webhook's sender number
  to: string; // the person's E.164 number
  text: string;
  category: string; // the decision category that chose this reply
}

export interface InboundRecord {
  webhookId: string;
  requestId: string; // idempotency: (webhookId, requestId)
  receivedAt: string; // ISO-8601 UTC, when Optline received the callback
  eventTime: string; // the event's own time (normalised originTimestamp, else receivedAt)
  rawBody: string; // the whole request body as received
  event: Record<string, unknown>; // extracted and normalised fields
  category: string | null; // null when not classified (binary body)
  keyword: string | null;
  explanation: unknown; // the decision's explanation (json-rules-engine results included)
  customKeyword: boolean; // flagged so an audience can be built from these events
  binary: boolean;
  ruleRevision: RuleRevision;
  consentKey: ConsentKey | null; // null when the sender number could not be normalised
  reply: OutboxReply | null;
}

export interface StoredInbound extends InboundRecord {
  consentBefore: ConsentSnapshot | null;
  consentAfter: ConsentSnapshot | null;
  consentChanged: boolean;
  consentReason: string | null;
  outboxId: string | null;
}

/** Computes the consent change from the current snapshot. Pure; an adapter may call it more than once. */
export type DecideConsent = (current: ConsentSnapshot) => ConsentChange;

export interface RecordInboundResult {
  duplicate: boolean; // a replay: nothing changed
  stored: StoredInbound;
}

export interface FeedbackRecord {
  webhookId: string;
  messageId: string | null;
  clientReference: string | null;
  recipient: string | null;
  status: FeedbackStatus; // one status; a callback with several records each separately
  receivedAt: string;
  rawBody: string;
  event: Record<string, unknown>;
}

export interface DeliveryState {
  /** Correlation: the outbox id when the client reference names one, else the provider's message id. */
  deliveryKey: string;
  status: CanonicalStatus;
  final: boolean;
  updatedAt: string;
  outboxId: string | null;
}

/** Which delivery a feedback record moves; the adapter resolves it (it knows the outbox). */
export interface DeliveryTarget {
  deliveryKey: string;
  outboxId: string | null;
}

/**
 * Computes the next delivery state from the current one (null: none yet) for `target`. Pure and idempotent
 * (applying the same status twice changes nothing more); an adapter may call it more than once.
 */
export type AdvanceDelivery = (current: DeliveryState | null, target: DeliveryTarget) => DeliveryState;

export interface RecordFeedbackResult {
  duplicate: boolean; // idempotency: (webhookId, messageId, status, code); clientReference stands in for a missing messageId
  delivery: DeliveryState; // as this record left it (a replay returns what the original stored)
}

export interface ConsentView {
  key: ConsentKey;
  current: ConsentSnapshot;
  /** Every inbound event that changed this consent, oldest first (by consentAfter.version). */
  history: StoredInbound[];
}

export interface OutboxEntry {
  id: string;
  webhookId: string;
  requestId: string;
  reply: OutboxReply;
  createdAt: string;
  state: 'pending' | 'sent' | 'failed';
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
}

export interface Store {
  /**
   * Records an inbound event, its consent change and its outbox entry as one atomic, idempotent write; resolves
   * once durable. `decide` is not called when record.consentKey is null. The outbox id is eventIdOf(webhookId, requestId).
   */
  recordInbound(record: InboundRecord, decide: DecideConsent): Promise<RecordInboundResult>;
  recordFeedback(record: FeedbackRecord, advance: AdvanceDelivery): Promise<RecordFeedbackResult>;
  consentOf(profileNumber: string): Promise<ConsentView[]>;
  consent(key: ConsentKey): Promise<ConsentSnapshot>;
  /** Every stored consent, ordered by (profileNumber, senderNumber): page with `after`. */
  exportConsents(query: ConsentExportQuery): Promise<ExportedConsent[]>;
  /** The profile numbers that sent the custom keyword since a date, ordered by profile number. */
  audience(query: AudienceQuery): Promise<AudienceMember[]>;
  /** Newest first. */
  listEvents(query: EventQuery): Promise<StoredInbound[]>;
  /** Newest first. */
  listFeedback(query: { webhookId?: string; limit?: number }): Promise<Array<FeedbackRecord & { delivery: DeliveryState }>>;
  delivery(deliveryKey: string): Promise<DeliveryState | null>;
  /** Oldest first: the order to send in. */
  outbox(query: { state?: OutboxEntry['state']; limit?: number }): Promise<OutboxEntry[]>;
  /** The webhook's URL secret, created with `generate` the first time and kept thereafter. */
  webhookSecret(webhookId: string, generate: () => string): Promise<string>;
  /**
   * True the first time a (webhookId, nonce) is seen; false on reuse. Entries may be dropped after expiresAt,
   * judged at `now` (the caller's clock, ISO-8601; default the system clock).
   */
  rememberNonce(webhookId: string, nonce: string, expiresAt: string, now?: string): Promise<boolean>;
  /** Throws StoreUnavailableError when the backend cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
