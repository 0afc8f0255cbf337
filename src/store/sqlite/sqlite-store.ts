// The embedded store: one SQLite file (better-sqlite3, WAL, synchronous=FULL by default) in the data dir.
// Writes go through a group commit: each caller's promise settles after the COMMIT that holds its write.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { NO_CONSENT, type ConsentKey, type ConsentSnapshot, type ConsentState } from '../../consent/consent-state.ts';
import type { ConsentChange } from '../../consent/transition.ts';
import { deliveryTargetOf } from '../delivery-target.ts';
import { eventIdOf, feedbackIdOf } from '../idempotency-keys.ts';
import { StoreUnavailableError } from '../store-unavailable-error.ts';
import { DEFAULT_EXPORT_LIMIT, isoTime } from '../query-time.ts';
import type {
  AdvanceDelivery,
  AudienceMember,
  AudienceQuery,
  ConsentExportQuery,
  ConsentView,
  DecideConsent,
  DeliveryState,
  EventQuery,
  ExportedConsent,
  FeedbackRecord,
  InboundRecord,
  OutboxEntry,
  RecordFeedbackResult,
  RecordInboundResult,
  Store,
  StoredInbound,
} from '../store.ts';
import { GroupCommit } from './group-commit.ts';
import { isUnavailable, mapSqliteError } from './sqlite-errors.ts';
import { migrate } from './sqlite-schema.ts';

export interface SqliteStoreOptions {
  dir: string;
  synchronous?: 'FULL' | 'NORMAL';
  /** How long a write waits for a lock held by another connection before the store reports unavailable. */
  busyTimeoutMs?: number;
}

export const SQLITE_FILE_NAME = 'optline.sqlite';

interface EventRow {
  record: string;
  consent_before: string | null;
  consent_after: string | null;
  consent_changed: number;
  consent_reason: string | null;
  outbox_id: string | null;
}

interface ConsentRow {
  profile_number: string;
  sender_number: string;
  state: ConsentState;
  changed_at: string | null;
  version: number;
}

interface OutboxRow {
  id: string;
  webhook_id: string;
  request_id: string;
  reply: string;
  created_at: string;
  state: OutboxEntry['state'];
}

interface AudienceRow {
  profile_number: string;
  first_at: string;
  last_at: string;
  count: number;
}

interface FeedbackRow {
  record: string;
  delivery: string;
}

const NONCE_PURGE_INTERVAL_MS = 60_000;

export async function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  let db: Database.Database;
  try {
    mkdirSync(options.dir, { recursive: true });
    db = new Database(join(options.dir, SQLITE_FILE_NAME), { timeout: options.busyTimeoutMs ?? 2000 });
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    migrate(db);
  } catch (error) {
    throw mapOpenError(error, options.dir);
  }
  return new SqliteStore(db);
}

function mapOpenError(error: unknown, dir: string): unknown {
  if (isUnavailable(error)) return mapSqliteError(error);
  if (error instanceof Error && 'code' in error && typeof error.code === 'string' && /^E[A-Z]+$/.test(error.code)) {
    return new StoreUnavailableError(`SQLite store cannot open ${dir} (${error.code})`, error);
  }
  return error;
}

class SqliteStore implements Store {
  private readonly writes: GroupCommit;
  private closed = false;
  private lastNoncePurge = 0;
  private readonly sql;

  constructor(private readonly db: Database.Database) {
    this.writes = new GroupCommit(db, { aborts: isUnavailable, mapError: mapSqliteError });
    this.sql = {
      eventByRequest: db.prepare<[string, string], EventRow>(
        `SELECT record, consent_before, consent_after, consent_changed, consent_reason, outbox_id
         FROM events WHERE webhook_id = ? AND request_id = ?`,
      ),
      insertEvent: db.prepare(
        `INSERT INTO events (webhook_id, request_id, profile_number, sender_number, record, consent_before,
           consent_after, consent_changed, consent_reason, consent_version, outbox_id, event_time, custom_keyword)
         VALUES (@webhookId, @requestId, @profileNumber, @senderNumber, @record, @consentBefore,
           @consentAfter, @consentChanged, @consentReason, @consentVersion, @outboxId, @eventTime, @customKeyword)`,
      ),
      consent: db.prepare<[string, string], ConsentRow>(
        'SELECT * FROM consents WHERE profile_number = ? AND sender_number = ?',
      ),
      consentsOfProfile: db.prepare<[string], ConsentRow>(
        'SELECT * FROM consents WHERE profile_number = ? ORDER BY sender_number',
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
        `INSERT INTO outbox (id, webhook_id, request_id, reply, created_at, state)
         VALUES (?, ?, ?, ?, ?, 'pending')`,
      ),
      outboxExists: db.prepare<[string], { found: number }>('SELECT 1 AS found FROM outbox WHERE id = ?'),
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
      writeProbe: db.prepare('DELETE FROM nonces WHERE 0'),
      listEvents: db.prepare<[{ profile: string | null; webhook: string | null; limit: number }], EventRow>(
        `SELECT record, consent_before, consent_after, consent_changed, consent_reason, outbox_id FROM events
         WHERE (@profile IS NULL OR profile_number = @profile) AND (@webhook IS NULL OR webhook_id = @webhook)
         ORDER BY seq DESC LIMIT @limit`,
      ),
      exportConsents: db.prepare<[{ since: string | null; afterProfile: string | null; afterSender: string | null; limit: number }], ConsentRow>(
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
      listOutbox: db.prepare<[{ state: string | null; limit: number }], OutboxRow>(
        `SELECT id, webhook_id, request_id, reply, created_at, state FROM outbox
         WHERE (@state IS NULL OR state = @state) ORDER BY seq LIMIT @limit`,
      ),
    };
  }

  recordInbound(record: InboundRecord, decide: DecideConsent): Promise<RecordInboundResult> {
    return this.write(() => {
      const existing = this.sql.eventByRequest.get(record.webhookId, record.requestId);
      if (existing) return { duplicate: true, stored: toStoredInbound(existing) };
      const change = record.consentKey ? this.applyConsent(record.consentKey, decide) : null;
      const outboxId = record.reply ? eventIdOf(record.webhookId, record.requestId) : null;
      const json = JSON.stringify(record);
      if (record.reply && outboxId) {
        this.sql.insertOutbox.run(outboxId, record.webhookId, record.requestId, JSON.stringify(record.reply), record.receivedAt);
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
      });
      const stored: StoredInbound = {
        ...parse<InboundRecord>(json), // as a replay will read it back
        consentBefore: change?.before ?? null,
        consentAfter: change?.after ?? null,
        consentChanged: change?.changed ?? false,
        consentReason: change?.reason ?? null,
        outboxId,
      };
      return { duplicate: false, stored };
    });
  }

  private applyConsent(key: ConsentKey, decide: DecideConsent): ConsentChange {
    const row = this.sql.consent.get(key.profileNumber, key.senderNumber);
    const change = decide(row ? toSnapshot(row) : NO_CONSENT);
    if (change.changed) this.sql.upsertConsent.run({ ...key, ...change.after });
    return change;
  }

  recordFeedback(record: FeedbackRecord, advance: AdvanceDelivery): Promise<RecordFeedbackResult> {
    return this.write(() => {
      const id = feedbackIdOf(record);
      const existing = this.sql.feedbackById.get(id);
      if (existing) return { duplicate: true, delivery: parse<DeliveryState>(existing.delivery) };
      const named = record.clientReference !== null && this.sql.outboxExists.get(record.clientReference) !== undefined;
      const target = deliveryTargetOf(record, named);
      const current = this.sql.delivery.get(target.deliveryKey);
      const delivery = advance(current ? parse<DeliveryState>(current.state) : null, target);
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
        .map((row) => ({ key: { senderNumber: row.sender_number, profileNumber: row.profile_number }, ...toSnapshot(row) })),
    );
  }

  audience(query: AudienceQuery): Promise<AudienceMember[]> {
    return this.read(() =>
      this.sql.audience
        .all({ since: isoTime(query.since, 'since'), webhook: query.webhookId ?? null })
        .map((row) => ({ profileNumber: row.profile_number, firstAt: row.first_at, lastAt: row.last_at, count: row.count })),
    );
  }

  listEvents(query: EventQuery): Promise<StoredInbound[]> {
    return this.read(() => {
      const rows = this.sql.listEvents.all({ profile: query.profileNumber ?? null, webhook: query.webhookId ?? null, limit: query.limit ?? 100 });
      return rows.map(toStoredInbound);
    });
  }

  listFeedback(query: { webhookId?: string; limit?: number }): Promise<Array<FeedbackRecord & { delivery: DeliveryState }>> {
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

  outbox(query: { state?: OutboxEntry['state']; limit?: number }): Promise<OutboxEntry[]> {
    return this.read(() =>
      this.sql.listOutbox
        .all({ state: query.state ?? null, limit: query.limit ?? 100 })
        .map((row) => ({
          id: row.id,
          webhookId: row.webhook_id,
          requestId: row.request_id,
          reply: parse<OutboxEntry['reply']>(row.reply),
          createdAt: row.created_at,
          state: row.state,
        })),
    );
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

  /** Takes the write lock for a moment: a store that cannot write is not ready. */
  ping(): Promise<void> {
    return this.read(() => {
      this.db.transaction(() => this.sql.writeProbe.run()).immediate();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.writes.flush();
    this.closed = true;
    this.db.close();
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
