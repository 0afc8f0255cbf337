// Every SQL statement of the SQLite store, prepared once per connection, with the shapes of the rows they read.
// The tables are sqlite-schema.ts's; what each statement is for is in sqlite-store.ts, where it runs.
import type Database from 'better-sqlite3';
import type { ConsentState } from '../../consent/consent-state.ts';
import type { OutboxState } from '../store.ts';

export interface EventRow {
  record: string;
  consent_before: string | null;
  consent_after: string | null;
  consent_changed: number;
  consent_reason: string | null;
  outbox_id: string | null;
}

export interface ConsentRow {
  profile_number: string;
  sender_number: string;
  state: ConsentState;
  changed_at: string | null;
  version: number;
}

export interface OutboxRow {
  id: string;
  webhook_id: string;
  request_id: string;
  reply: string;
  created_at: string;
  state: OutboxState;
  attempts: number;
  next_attempt_at: string | null;
  last_attempt_at: string | null;
  lease_owner: string | null;
  in_doubt: number;
  last_error: string | null;
  provider_message_id: string | null;
  sent_at: string | null;
}

const OUTBOX_COLUMNS = `id, webhook_id, request_id, reply, created_at, state, attempts, next_attempt_at, last_attempt_at,
  lease_owner, in_doubt, last_error, provider_message_id, sent_at`;

export interface AudienceRow {
  profile_number: string;
  first_at: string;
  last_at: string;
  count: number;
}

export interface FeedbackRow {
  record: string;
  delivery: string;
}

export interface MessageHeadRow {
  id: string;
  webhook_id: string;
  to_number: string | null;
  created_at: string;
}

// A delivery whose reports name no outbox entry: its first report (SQLite reads the bare columns of a MIN() row
// from that row).
const UNREFERENCED_DELIVERIES = `SELECT json_extract(delivery, '$.deliveryKey') AS id, webhook_id,
  json_extract(record, '$.recipient') AS to_number, json_extract(record, '$.receivedAt') AS created_at, MIN(seq)
  FROM feedback WHERE json_extract(delivery, '$.outboxId') IS NULL`;
const BY_DELIVERY = `GROUP BY json_extract(delivery, '$.deliveryKey')`;

export type SqliteStatements = ReturnType<typeof prepareStatements>;

/** A page of events: `before` is the seq the page starts below (no cursor: past the last). */
interface EventPageParams {
  webhook: string | null;
  before: number;
  limit: number;
}

export function prepareStatements(db: Database.Database) {
  return {
    eventByRequest: db.prepare<[string, string], EventRow>(
      `SELECT record, consent_before, consent_after, consent_changed, consent_reason, outbox_id
       FROM events WHERE webhook_id = ? AND request_id = ?`,
    ),
    insertEvent: db.prepare(
      `INSERT INTO events (webhook_id, request_id, profile_number, sender_number, record, consent_before,
         consent_after, consent_changed, consent_reason, consent_version, outbox_id, event_time, custom_keyword,
         consent_hash, consent_previous_hash)
       VALUES (@webhookId, @requestId, @profileNumber, @senderNumber, @record, @consentBefore,
         @consentAfter, @consentChanged, @consentReason, @consentVersion, @outboxId, @eventTime, @customKeyword,
         @consentHash, @consentPreviousHash)`,
    ),
    consent: db.prepare<[string, string], ConsentRow>(
      'SELECT * FROM consents WHERE profile_number = ? AND sender_number = ?',
    ),
    consentsOfProfile: db.prepare<[string], ConsentRow>(
      'SELECT * FROM consents WHERE profile_number = ? ORDER BY sender_number',
    ),
    deleteConsent: db.prepare<[string, string]>('DELETE FROM consents WHERE profile_number = ? AND sender_number = ?'),
    rekeyEvent: db.prepare(
      `UPDATE events SET profile_number = @profileNumber, sender_number = @senderNumber,
         record = json_set(record, '$.consentKey', json(@consentKey)), consent_before = @consentBefore,
         consent_after = @consentAfter, consent_changed = @consentChanged, consent_reason = @consentReason,
         consent_version = @consentVersion, consent_hash = @consentHash, consent_previous_hash = @consentPreviousHash
       WHERE webhook_id = @webhookId AND request_id = @requestId`,
    ),
    upsertConsent: db.prepare(
      `INSERT INTO consents (profile_number, sender_number, state, changed_at, version)
       VALUES (@profileNumber, @senderNumber, @state, @changedAt, @version)
       ON CONFLICT (profile_number, sender_number)
       DO UPDATE SET state = excluded.state, changed_at = excluded.changed_at, version = excluded.version`,
    ),
    history: db.prepare<[string, string], EventRow>(
      `SELECT record, consent_before, consent_after, consent_changed, consent_reason, outbox_id FROM events
       WHERE profile_number = ? AND sender_number = ? AND consent_changed = 1 ORDER BY consent_version`,
    ),
    insertOutbox: db.prepare(
      `INSERT INTO outbox (id, webhook_id, request_id, reply, created_at, state, next_attempt_at, to_number)
       VALUES (@id, @webhookId, @requestId, @reply, @createdAt, 'pending', @createdAt, @to)`,
    ),
    outboxExists: db.prepare<[string], { found: number }>('SELECT 1 AS found FROM outbox WHERE id = ?'),
    outboxByProviderMessage: db.prepare<[string], { id: string }>(
      'SELECT id FROM outbox WHERE provider_message_id = ? LIMIT 1',
    ),
    outboxById: db.prepare<[string], OutboxRow>(`SELECT ${OUTBOX_COLUMNS} FROM outbox WHERE id = ?`),
    dueOutbox: db.prepare<[{ now: string; limit: number }], OutboxRow>(
      `SELECT ${OUTBOX_COLUMNS} FROM outbox
       WHERE state IN ('pending', 'sending') AND next_attempt_at <= @now ORDER BY seq LIMIT @limit`,
    ),
    leaseOutbox: db.prepare(
      `UPDATE outbox SET state = 'sending', attempts = attempts + 1, lease_owner = @owner, next_attempt_at = @until,
         last_attempt_at = @now, in_doubt = CASE WHEN state = 'sending' THEN 1 ELSE in_doubt END
       WHERE id = @id`,
    ),
    settleOutbox: db.prepare(
      `UPDATE outbox SET state = @state, next_attempt_at = @nextAttemptAt, in_doubt = @inDoubt,
         last_error = COALESCE(@lastError, last_error), provider_message_id = @providerMessageId, sent_at = @sentAt
       WHERE id = @id`,
    ),
    inboundText: db.prepare<[string, string], { text: unknown }>(
      `SELECT json_extract(record, '$.event.inboundMessage') AS text FROM events WHERE webhook_id = ? AND request_id = ?`,
    ),
    recentInbound: db.prepare<[{ profile: string; webhook: string; exclude: string }], { received_at: string }>(
      `SELECT json_extract(record, '$.receivedAt') AS received_at FROM events
       WHERE profile_number = @profile AND webhook_id = @webhook AND (outbox_id IS NULL OR outbox_id <> @exclude)
       ORDER BY seq DESC LIMIT 100`,
    ),
    recentReplies: db.prepare<[{ to: string; exclude: string; since: string }], OutboxRow>(
      `SELECT ${OUTBOX_COLUMNS} FROM outbox
       WHERE to_number = @to AND id <> @exclude
         AND ((state = 'sent' AND sent_at >= @since) OR (state = 'sending' AND last_attempt_at >= @since))
       ORDER BY seq DESC LIMIT 100`,
    ),
    feedbackById: db.prepare<[string], FeedbackRow>('SELECT record, delivery FROM feedback WHERE id = ?'),
    insertFeedback: db.prepare('INSERT INTO feedback (id, webhook_id, record, delivery) VALUES (?, ?, ?, ?)'),
    delivery: db.prepare<[string], { state: string }>('SELECT state FROM deliveries WHERE delivery_key = ?'),
    upsertDelivery: db.prepare(
      `INSERT INTO deliveries (delivery_key, state) VALUES (?, ?)
       ON CONFLICT (delivery_key) DO UPDATE SET state = excluded.state`,
    ),
    secret: db.prepare<[string], { secret: string }>('SELECT secret FROM webhook_secrets WHERE webhook_id = ?'),
    insertSecret: db.prepare('INSERT OR IGNORE INTO webhook_secrets (webhook_id, secret) VALUES (?, ?)'),
    // A nonce seen before counts as new again only once its entry has expired.
    rememberNonce: db.prepare(
      `INSERT INTO nonces (webhook_id, nonce, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (webhook_id, nonce) DO UPDATE SET expires_at = excluded.expires_at
       WHERE nonces.expires_at < ?`,
    ),
    purgeNonces: db.prepare('DELETE FROM nonces WHERE expires_at < ?'),
    insertSubscriptionConfirmation: db.prepare(
      'INSERT INTO subscription_confirmations (webhook_id, record) VALUES (?, ?)',
    ),
    subscriptionConfirmations: db.prepare<[string, number], { record: string }>(
      'SELECT record FROM subscription_confirmations WHERE webhook_id = ? ORDER BY seq DESC LIMIT ?',
    ),
    writeProbe: db.prepare(
      `INSERT INTO readiness (id, probed_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET probed_at = excluded.probed_at`,
    ),
    listEvents: db.prepare<[EventPageParams & { profile: string | null }], EventRow>(
      `SELECT record, consent_before, consent_after, consent_changed, consent_reason, outbox_id FROM events
       WHERE (@profile IS NULL OR profile_number = @profile) AND (@webhook IS NULL OR webhook_id = @webhook)
         AND seq < @before
       ORDER BY seq DESC LIMIT @limit`,
    ),
    // A person's events through the (profile, webhook, seq) index: the query above scans every event.
    listEventsOfProfile: db.prepare<[EventPageParams & { profile: string }], EventRow>(
      `SELECT record, consent_before, consent_after, consent_changed, consent_reason, outbox_id FROM events
       WHERE profile_number = @profile AND (@webhook IS NULL OR webhook_id = @webhook) AND seq < @before
       ORDER BY seq DESC LIMIT @limit`,
    ),
    eventSeq: db.prepare<[string, string], { seq: number }>(
      'SELECT seq FROM events WHERE webhook_id = ? AND request_id = ?',
    ),
    insertBody: db.prepare('INSERT OR IGNORE INTO bodies (id, received_at, text) VALUES (?, ?, ?)'),
    body: db.prepare<[string], { text: string }>('SELECT text FROM bodies WHERE id = ?'),
    exportConsents: db.prepare<
      [{ since: string | null; afterProfile: string | null; afterSender: string | null; limit: number }],
      ConsentRow
    >(
      `SELECT * FROM consents
       WHERE (@since IS NULL OR changed_at >= @since)
         AND (@afterProfile IS NULL OR (profile_number, sender_number) > (@afterProfile, @afterSender))
       ORDER BY profile_number, sender_number LIMIT @limit`,
    ),
    audience: db.prepare<[{ since: string; webhook: string | null }], AudienceRow>(
      `SELECT profile_number, MIN(event_time) AS first_at, MAX(event_time) AS last_at, COUNT(*) AS count FROM events
       WHERE custom_keyword = 1 AND event_time >= @since AND profile_number IS NOT NULL
         AND (@webhook IS NULL OR webhook_id = @webhook)
       GROUP BY profile_number ORDER BY profile_number`,
    ),
    listFeedback: db.prepare<[{ webhook: string | null; limit: number }], FeedbackRow>(
      'SELECT record, delivery FROM feedback WHERE (@webhook IS NULL OR webhook_id = @webhook) ORDER BY seq DESC LIMIT @limit',
    ),
    outboxCounts: db.prepare<[], { state: OutboxState; n: number }>(
      'SELECT state, COUNT(*) AS n FROM outbox GROUP BY state',
    ),
    listOutbox: db.prepare<[{ state: string | null; limit: number }], OutboxRow>(
      `SELECT ${OUTBOX_COLUMNS} FROM outbox WHERE (@state IS NULL OR state = @state) ORDER BY seq LIMIT @limit`,
    ),
    messageOutboxHeads: db.prepare<
      [
        {
          webhook: string | null;
          to: string | null;
          since: string | null;
          beforeAt: string | null;
          beforeId: string | null;
          limit: number;
        },
      ],
      MessageHeadRow
    >(
      `SELECT id, webhook_id, to_number, created_at FROM outbox
       WHERE (@webhook IS NULL OR webhook_id = @webhook) AND (@to IS NULL OR to_number = @to)
         AND (@since IS NULL OR created_at >= @since)
         AND (@beforeAt IS NULL OR (created_at, id) < (@beforeAt, @beforeId))
       ORDER BY created_at DESC, id DESC LIMIT @limit`,
    ),
    unreferencedHeads: db.prepare<[], MessageHeadRow>(`${UNREFERENCED_DELIVERIES} ${BY_DELIVERY}`),
    unreferencedHead: db.prepare<[string], MessageHeadRow>(
      `${UNREFERENCED_DELIVERIES} AND json_extract(delivery, '$.deliveryKey') = ? ${BY_DELIVERY}`,
    ),
    /** The feedback records of the deliveries named in a JSON array of keys, oldest first. */
    reportsOf: db.prepare<[string], { record: string; delivery_key: string }>(
      `SELECT record, json_extract(delivery, '$.deliveryKey') AS delivery_key FROM feedback
       WHERE json_extract(delivery, '$.deliveryKey') IN (SELECT value FROM json_each(?)) ORDER BY seq`,
    ),
    /** The hash of one version of a consent (the link the next change names). */
    consentHashAt: db.prepare<[string, string, number], { consent_hash: string | null }>(
      `SELECT consent_hash FROM events
       WHERE profile_number = ? AND sender_number = ? AND consent_changed = 1 AND consent_version = ?`,
    ),
    chainLinks: db.prepare<[string, string], ChainLinkRow>(
      `SELECT record, consent_before, consent_after, consent_reason, consent_hash, consent_previous_hash FROM events
       WHERE profile_number = ? AND sender_number = ? AND consent_changed = 1 ORDER BY consent_version`,
    ),
    insertRuleContent: db.prepare('INSERT OR IGNORE INTO rule_contents (content_hash, content) VALUES (?, ?)'),
    ruleContent: db.prepare<[string], { content: string }>('SELECT content FROM rule_contents WHERE content_hash = ?'),
    insertReview: db.prepare(
      `INSERT OR IGNORE INTO reviews (id, webhook_id, profile_number, sender_number, received_at, state, item)
       VALUES (@id, @webhookId, @profileNumber, @senderNumber, @receivedAt, 'open', @item)`,
    ),
    review: db.prepare<[string], { item: string }>('SELECT item FROM reviews WHERE id = ?'),
    openReviewsOfKey: db.prepare<[string, string], { item: string }>(
      `SELECT item FROM reviews WHERE profile_number = ? AND sender_number = ? AND state = 'open'`,
    ),
    resolveReview: db.prepare<[string, string]>(`UPDATE reviews SET state = 'resolved', item = ? WHERE id = ?`),
    listReviews: db.prepare<
      [{ state: string | null; webhook: string | null; since: string | null; limit: number }],
      { item: string }
    >(
      `SELECT item FROM reviews
       WHERE (@state IS NULL OR state = @state) AND (@webhook IS NULL OR webhook_id = @webhook)
         AND (@since IS NULL OR received_at >= @since)
       ORDER BY seq LIMIT @limit`,
    ),
    /** The reviewed event takes the reviewer's consent change, and the mark its history entry shows. */
    markReviewedEvent: db.prepare(
      `UPDATE events SET record = @record, consent_before = @consentBefore,
         consent_after = @consentAfter, consent_changed = 1, consent_reason = @consentReason,
         consent_version = @consentVersion, consent_hash = @consentHash, consent_previous_hash = @consentPreviousHash
       WHERE webhook_id = @webhookId AND request_id = @requestId`,
    ),
    insertReviewOutbox: db.prepare(
      `INSERT OR IGNORE INTO outbox (id, webhook_id, request_id, reply, created_at, state, next_attempt_at, to_number)
       VALUES (@id, @webhookId, @requestId, @reply, @createdAt, 'pending', @createdAt, @to)`,
    ),
    // A range of rowids (NOT INDEXED): through the unique (webhook_id, request_id) index, which the planner
    // picks otherwise, every page read and sorted all of the webhook's events (1,000,000 events: minutes).
    inboundPage: db.prepare<
      [{ webhook: string; after: number; since: string | null; limit: number }],
      InboundSampleRow
    >(
      `SELECT seq, request_id, event_time, json_extract(record, '$.event.inboundMessage') AS text,
         json_extract(record, '$.category') AS category, consent_reason,
         json_type(record, '$.review') IS NOT NULL AS reviewed, json_extract(record, '$.binary') AS binary
       FROM events NOT INDEXED
       WHERE webhook_id = @webhook AND seq > @after AND (@since IS NULL OR event_time >= @since)
       ORDER BY seq LIMIT @limit`,
    ),
    countInbound: db.prepare<[{ webhook: string; since: string | null }], { count: number }>(
      'SELECT COUNT(*) AS count FROM events WHERE webhook_id = @webhook AND (@since IS NULL OR event_time >= @since)',
    ),
  };
}

export interface InboundSampleRow {
  seq: number;
  request_id: string;
  event_time: string;
  text: unknown;
  category: string | null;
  consent_reason: string | null;
  reviewed: number;
  binary: number | null;
}

export interface ChainLinkRow {
  record: string;
  consent_before: string;
  consent_after: string;
  consent_reason: string;
  consent_hash: string | null;
  consent_previous_hash: string | null;
}
