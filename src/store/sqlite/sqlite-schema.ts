// The SQLite store's schema, as numbered migrations applied in order and tracked in PRAGMA user_version.
import type { Database } from 'better-sqlite3';
import { bodyIdOf } from '../idempotency-keys.ts';

const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_id TEXT NOT NULL,
    request_id TEXT NOT NULL,
    profile_number TEXT,
    sender_number TEXT,
    record TEXT NOT NULL,            -- the InboundRecord as JSON
    consent_before TEXT,             -- ConsentSnapshot as JSON
    consent_after TEXT,
    consent_changed INTEGER NOT NULL,
    consent_reason TEXT,
    consent_version INTEGER,         -- consent_after's version when the event changed it: orders the history
    outbox_id TEXT,
    UNIQUE (webhook_id, request_id)
  );
  CREATE INDEX events_by_profile ON events (profile_number, seq);
  CREATE INDEX events_by_webhook ON events (webhook_id, seq);
  CREATE INDEX events_consent_history ON events (profile_number, sender_number, consent_version)
    WHERE consent_changed = 1;

  CREATE TABLE consents (
    profile_number TEXT NOT NULL,
    sender_number TEXT NOT NULL,
    state TEXT NOT NULL,
    changed_at TEXT,
    version INTEGER NOT NULL,
    PRIMARY KEY (profile_number, sender_number)
  ) WITHOUT ROWID;

  CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    webhook_id TEXT NOT NULL,
    request_id TEXT NOT NULL,
    reply TEXT NOT NULL,             -- OutboxReply as JSON
    created_at TEXT NOT NULL,
    state TEXT NOT NULL
  );
  CREATE INDEX outbox_by_state ON outbox (state, seq);

  CREATE TABLE feedback (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,         -- feedbackIdOf(record)
    webhook_id TEXT NOT NULL,
    record TEXT NOT NULL,            -- the FeedbackRecord as JSON, raw fields included
    delivery TEXT NOT NULL           -- the DeliveryState this record left
  );
  CREATE INDEX feedback_by_webhook ON feedback (webhook_id, seq);

  CREATE TABLE deliveries (
    delivery_key TEXT PRIMARY KEY,
    state TEXT NOT NULL              -- DeliveryState as JSON
  ) WITHOUT ROWID;

  CREATE TABLE webhook_secrets (
    webhook_id TEXT PRIMARY KEY,
    secret TEXT NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE nonces (
    webhook_id TEXT NOT NULL,
    nonce TEXT NOT NULL,
    expires_at INTEGER NOT NULL,     -- epoch milliseconds
    PRIMARY KEY (webhook_id, nonce)
  ) WITHOUT ROWID;
  CREATE INDEX nonces_by_expiry ON nonces (expires_at);
  `,
  // 2: the event time and the custom-keyword flag as columns, for audiences.
  `
  ALTER TABLE events ADD COLUMN event_time TEXT;
  ALTER TABLE events ADD COLUMN custom_keyword INTEGER NOT NULL DEFAULT 0;
  UPDATE events SET event_time = json_extract(record, '$.eventTime'),
    custom_keyword = CASE json_extract(record, '$.customKeyword') WHEN 1 THEN 1 ELSE 0 END;
  CREATE INDEX events_audience ON events (event_time) WHERE custom_keyword = 1;
  `,
  // 3: sending the outbox: leases, attempts, outcomes, the provider's message id, the recipient for the guard.
  `
  ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE outbox ADD COLUMN next_attempt_at TEXT;  -- pending: next attempt; sending: lease expiry; else NULL
  ALTER TABLE outbox ADD COLUMN last_attempt_at TEXT;
  ALTER TABLE outbox ADD COLUMN lease_owner TEXT;
  ALTER TABLE outbox ADD COLUMN in_doubt INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE outbox ADD COLUMN last_error TEXT;
  ALTER TABLE outbox ADD COLUMN provider_message_id TEXT;
  ALTER TABLE outbox ADD COLUMN sent_at TEXT;
  ALTER TABLE outbox ADD COLUMN to_number TEXT;
  UPDATE outbox SET to_number = json_extract(reply, '$.to'),
    next_attempt_at = CASE state WHEN 'pending' THEN created_at ELSE NULL END;
  CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE state IN ('pending', 'sending');
  CREATE INDEX outbox_by_provider_message ON outbox (provider_message_id) WHERE provider_message_id IS NOT NULL;
  CREATE INDEX outbox_by_recipient ON outbox (to_number, seq);
  `,
  // 4: one index fewer to maintain on every callback, and the right one for the reply guard: its recent-inbound
  // query (profile and webhook) was planned on the webhook index and walked every event of the webhook. One
  // index on (profile, webhook, seq) serves it and the profile lookups; nothing reads events by webhook alone
  // through an index (the event list filters a newest-first scan).
  `
  DROP INDEX events_by_profile;
  DROP INDEX events_by_webhook;
  CREATE INDEX events_by_profile_webhook ON events (profile_number, webhook_id, seq);
  `,
  // 5: SNS subscription messages (src/handshakes), apart from the events: appended, listed per webhook.
  `
  CREATE TABLE subscription_confirmations (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_id TEXT NOT NULL,
    record TEXT NOT NULL             -- the SubscriptionConfirmationRecord as JSON
  );
  CREATE INDEX subscription_confirmations_by_webhook ON subscription_confirmations (webhook_id, seq);
  `,
  // 6: a delivery's reports, for the message records (the expression is the one their queries use).
  `
  CREATE INDEX feedback_by_delivery ON feedback (json_extract(delivery, '$.deliveryKey'), seq);
  `,
  // 7: the consent chain (consent/consent-chain.ts) on each changing event. Changes stored before stay unhashed:
  // each key's chain starts at its first hashed change. And the rule file texts that decided, by content hash.
  `
  ALTER TABLE events ADD COLUMN consent_hash TEXT;
  ALTER TABLE events ADD COLUMN consent_previous_hash TEXT;
  CREATE TABLE rule_contents (
    content_hash TEXT PRIMARY KEY,
    content TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
  // 8: the daily report: events by the day received, replies by the day queued (the expressions its queries use).
  `
  CREATE INDEX events_by_received_day ON events (substr(json_extract(record, '$.receivedAt'), 1, 10), webhook_id);
  CREATE INDEX outbox_by_created_day ON outbox (substr(created_at, 1, 10), webhook_id);
  `,
  // 9: one row that readiness rewrites: a probe that takes no write lock alone, but writes and syncs like a callback.
  `
  CREATE TABLE readiness (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    probed_at TEXT NOT NULL
  );
  `,
  // 10: each callback body stored once, its events and feedback records naming it by id (a 256 KiB batch of
  // 2,439 results was 2,439 copies of itself: about 1 GiB). Existing rows' bodies move here, deduplicated.
  `
  CREATE TABLE bodies (
    id TEXT PRIMARY KEY,             -- bodyIdOf(text): SHA-256 of the bytes
    received_at TEXT NOT NULL,
    text TEXT NOT NULL
  );
  INSERT OR IGNORE INTO bodies (id, received_at, text)
    SELECT optline_body_id(json_extract(record, '$.rawBody')), json_extract(record, '$.receivedAt'),
      json_extract(record, '$.rawBody')
    FROM events WHERE json_type(record, '$.rawBody') = 'text' ORDER BY seq;
  UPDATE events SET record = json_remove(
      json_set(record, '$.bodyId', optline_body_id(json_extract(record, '$.rawBody'))), '$.rawBody')
    WHERE json_type(record, '$.rawBody') = 'text';
  INSERT OR IGNORE INTO bodies (id, received_at, text)
    SELECT optline_body_id(json_extract(record, '$.rawBody')), json_extract(record, '$.receivedAt'),
      json_extract(record, '$.rawBody')
    FROM feedback WHERE json_type(record, '$.rawBody') = 'text' ORDER BY seq;
  UPDATE feedback SET record = json_remove(
      json_set(record, '$.bodyId', optline_body_id(json_extract(record, '$.rawBody'))), '$.rawBody')
    WHERE json_type(record, '$.rawBody') = 'text';
  `,
  // 11: review items (fuzzy opt-outs that did not opt out), one per event, written in its event's transaction.
  `
  CREATE TABLE reviews (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,         -- the event id
    webhook_id TEXT NOT NULL,
    profile_number TEXT NOT NULL,
    sender_number TEXT NOT NULL,
    received_at TEXT NOT NULL,
    state TEXT NOT NULL,             -- open, resolved
    item TEXT NOT NULL               -- the ReviewItem as JSON, its resolution included
  );
  CREATE INDEX reviews_by_state ON reviews (state, seq);
  CREATE INDEX reviews_open_by_key ON reviews (profile_number, sender_number) WHERE state = 'open';
  `,
];

/** Brings the database up to the latest schema, one transaction per migration. */
export function migrate(db: Database): void {
  db.function('optline_body_id', { deterministic: true }, (text) => bodyIdOf(String(text)));
  const current = db.pragma('user_version', { simple: true });
  const from = typeof current === 'number' ? current : 0;
  MIGRATIONS.slice(from).forEach((sql, index) => {
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${from + index + 1}`);
    }).immediate();
  });
}
