// The Mongo store's collections, document shapes and indexes. Every concurrency decision is an insert under a
// unique key, never a conditional update: FerretDB 1.24 does not apply `updateOne(filter, ...)` atomically
// (50 concurrent compare-and-sets on one version: 3 "succeeded"), while its unique indexes hold.
// Records are kept as JSON text so that any extracted field (keys with dots or dollars, __proto__)
// round-trips exactly; the fields that queries need sit beside them.
import type { Collection, Db, ObjectId } from 'mongodb';
import type { ChangeProvenance } from '../../consent/consent-chain.ts';
import type { ConsentSnapshot, ConsentState } from '../../consent/consent-state.ts';
import type { DeliveryState, OutboxReply, OutboxSettlement, OutboxState } from '../store.ts';

/** An inbound event, inserted once all its work is done: its unique `_id` makes exactly one insert win. */
export interface EventDocument {
  _id: string; // eventIdOf(webhookId, requestId)
  order: ObjectId; // insertion order
  webhookId: string;
  requestId: string;
  profileNumber: string | null;
  senderNumber: string | null;
  record: string; // the InboundRecord as JSON (bodyId names its body)
  bodyId?: string; // the record's bodyId (absent in events stored before bodies were kept apart, until moved)
  consentBefore: ConsentSnapshot | null;
  consentAfter: ConsentSnapshot | null;
  consentChanged: boolean;
  consentReason: string | null;
  consentVersion: number | null; // consentAfter.version when the event changed the consent: orders the history
  outboxId: string | null;
  receivedAt?: string; // for the reply guard (absent in older events: read from record)
  eventTime?: string; // for audiences (absent in events stored before audiences existed)
  customKeyword?: boolean;
  day?: string; // receivedAt's UTC date, for the daily report (absent in events stored before it existed)
  category?: string | null; // the decision category, for the daily report (absent likewise)
}

/**
 * One change of one consent, never updated. `_id` holds (sender, profile, version), so exactly one writer can
 * take each version (compare-and-set by insert); the unique eventId lets a resumed event find its own change.
 * The current consent is its highest version.
 */
export interface ConsentChangeDocument {
  _id: string; // JSON of [senderNumber, profileNumber, version]
  senderNumber: string;
  profileNumber: string;
  version: number;
  state: ConsentState;
  changedAt: string | null;
  before: ConsentSnapshot;
  reason: string;
  eventId: string; // unique
  /**
   * Its link in the key's consent chain (consent/consent-chain.ts), taken with its version by the same insert:
   * the previous hash is the hash of the version below. Absent on changes stored before chains: legacy.
   */
  hash?: string;
  previousHash?: string | null;
  provenance?: Omit<ChangeProvenance, 'eventId'>;
}

/**
 * An outbox entry as queued. Its state is not updated in place: the truth is its log of steps (below). `state`,
 * `dueAt` and `hintSeq` are a hint for finding due entries, rewritten after each step; a stale hint only delays
 * an entry (a final state is never followed by another step, so a final hint is always true).
 */
export interface OutboxDocument {
  _id: string; // the event id
  order: ObjectId;
  webhookId: string;
  requestId: string;
  reply: OutboxReply;
  createdAt: string;
  state: OutboxState;
  dueAt?: string | null; // pending: next attempt; sending: lease expiry; final: null (absent: queued before leases)
  hintSeq?: number; // the step the hint reflects
  day?: string; // createdAt's UTC date, for the daily report (absent in entries queued before it existed)
}

/**
 * One step of an outbox entry, never updated: a lease (attempt n taken by owner until a time) or the settlement
 * of the attempt leased just before. `_id` holds (entry, seq): each step is a compare-and-set by insert, so two
 * stores can never both take the step after the same one.
 */
export interface OutboxStepDocument {
  _id: string; // JSON of [entryId, seq]
  entryId: string;
  seq: number; // 1, 2, ...
  kind: 'lease' | 'settle';
  owner: string;
  attempt: number;
  at: string;
  until: string | null; // lease: when it expires
  inDoubt: boolean; // lease: an earlier attempt's outcome is unknown
  settlement: OutboxSettlement | null;
  providerMessageId: string | null; // a 'sent' settlement's message id, indexed for delivery reports
}

export interface FeedbackDocument {
  _id: string; // feedbackIdOf(record)
  order: ObjectId;
  webhookId: string;
  record: string; // the FeedbackRecord as JSON, raw fields included (bodyId names its body)
  bodyId?: string; // as for events
  delivery: DeliveryState; // as this record left it
}

/** A callback body as received, once however many events it holds (store.ts ReceivedBody). */
export interface BodyDocument {
  _id: string; // bodyIdOf(text)
  receivedAt: string;
  text: string;
}

/** A one-off data migration that has run to its end (bodies-stored-once.ts). */
export interface MigrationDocument {
  _id: string;
  at: string;
}

/** One revision of a delivery's state, never updated; the current state is the highest revision. */
export interface DeliveryChangeDocument {
  _id: string; // JSON of [deliveryKey, revision]
  deliveryKey: string;
  revision: number;
  delivery: DeliveryState;
}

export interface SecretDocument {
  _id: string; // webhook id
  secret: string;
}

export interface NonceDocument {
  _id: string; // JSON of [webhookId, nonce]
  expiresAt: Date;
}

/** An SNS subscription message (store.ts SubscriptionConfirmationRecord), appended, never updated. */
export interface SubscriptionConfirmationDocument {
  _id: ObjectId; // insertion order
  webhookId: string;
  record: string; // the SubscriptionConfirmationRecord as JSON
}

/** The one document readiness rewrites (ping): a store that cannot write now is not ready. */
export interface ReadinessDocument {
  _id: 'probe';
  probedAt: string;
}

/**
 * A review item, inserted in recordInbound before its event (so a retry after a crash opens it exactly once).
 * `state` is a hint rewritten after a resolution is inserted; the truth is the resolution document.
 */
export interface ReviewDocument {
  _id: string; // the event id: one item per event
  order: ObjectId;
  webhookId: string;
  profileNumber: string;
  senderNumber: string;
  receivedAt: string;
  state: 'open' | 'resolved';
  item: string; // the ReviewItem as opened, as JSON
}

/** How a review item was resolved, inserted once under the item's id: deciding twice loses the insert. */
export interface ReviewResolutionDocument {
  _id: string; // the item id
  resolution: string; // the ReviewResolution as JSON
}

export interface MongoCollections {
  events: Collection<EventDocument>;
  consentChanges: Collection<ConsentChangeDocument>;
  outbox: Collection<OutboxDocument>;
  outboxSteps: Collection<OutboxStepDocument>;
  feedback: Collection<FeedbackDocument>;
  deliveryChanges: Collection<DeliveryChangeDocument>;
  secrets: Collection<SecretDocument>;
  nonces: Collection<NonceDocument>;
  subscriptionConfirmations: Collection<SubscriptionConfirmationDocument>;
  ruleContents: Collection<RuleContentDocument>;
  readiness: Collection<ReadinessDocument>;
  bodies: Collection<BodyDocument>;
  migrations: Collection<MigrationDocument>;
  reviews: Collection<ReviewDocument>;
  reviewResolutions: Collection<ReviewResolutionDocument>;
}

/** A rule file's text under its content hash (sha256 of its bytes), inserted once. */
export interface RuleContentDocument {
  _id: string;
  content: string;
}

export function collectionsOf(db: Db): MongoCollections {
  return {
    events: db.collection<EventDocument>('events'),
    consentChanges: db.collection<ConsentChangeDocument>('consent_changes'),
    outbox: db.collection<OutboxDocument>('outbox'),
    outboxSteps: db.collection<OutboxStepDocument>('outbox_steps'),
    feedback: db.collection<FeedbackDocument>('feedback'),
    deliveryChanges: db.collection<DeliveryChangeDocument>('delivery_changes'),
    secrets: db.collection<SecretDocument>('webhook_secrets'),
    nonces: db.collection<NonceDocument>('nonces'),
    subscriptionConfirmations: db.collection<SubscriptionConfirmationDocument>('subscription_confirmations'),
    ruleContents: db.collection<RuleContentDocument>('rule_contents'),
    readiness: db.collection<ReadinessDocument>('readiness'),
    bodies: db.collection<BodyDocument>('bodies'),
    migrations: db.collection<MigrationDocument>('migrations'),
    reviews: db.collection<ReviewDocument>('reviews'),
    reviewResolutions: db.collection<ReviewResolutionDocument>('review_resolutions'),
  };
}

/**
 * Creates the indexes (idempotent), one call each: FerretDB 1.24 drops the connection (a server-side panic)
 * when one createIndexes command lists several indexes that already exist. Nonces expire by a periodic delete,
 * not a TTL index: FerretDB 1.24 answers `expireAfterSeconds` with "not implemented yet".
 */
export async function ensureIndexes(c: MongoCollections): Promise<void> {
  await c.events.createIndex({ order: -1 });
  await c.events.createIndex({ profileNumber: 1, order: -1 });
  await c.events.createIndex({ webhookId: 1, order: -1 });
  await c.events.createIndex({ profileNumber: 1, senderNumber: 1, consentVersion: 1 });
  await c.consentChanges.createIndex({ profileNumber: 1, senderNumber: 1, version: -1 });
  await c.consentChanges.createIndex({ eventId: 1 }, { unique: true });
  await c.events.createIndex({ customKeyword: 1, eventTime: 1 });
  await c.outbox.createIndex({ state: 1, order: 1 });
  await c.outbox.createIndex({ state: 1, dueAt: 1 });
  await c.outbox.createIndex({ 'reply.to': 1, order: -1 });
  await c.outboxSteps.createIndex({ entryId: 1, seq: 1 });
  await c.outboxSteps.createIndex({ providerMessageId: 1 });
  await c.feedback.createIndex({ order: -1 });
  await c.feedback.createIndex({ webhookId: 1, order: -1 });
  await c.deliveryChanges.createIndex({ deliveryKey: 1, revision: -1 });
  await c.feedback.createIndex({ 'delivery.deliveryKey': 1, order: 1 }); // a message's reports
  await c.nonces.createIndex({ expiresAt: 1 });
  await c.subscriptionConfirmations.createIndex({ webhookId: 1, _id: -1 });
  await c.events.createIndex({ day: 1, webhookId: 1 }); // the daily report
  await c.outbox.createIndex({ day: 1, webhookId: 1 });
  await c.reviews.createIndex({ state: 1, order: 1 });
  await c.reviews.createIndex({ profileNumber: 1, senderNumber: 1, state: 1 });
}
