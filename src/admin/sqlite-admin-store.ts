// The admin store on SQLite: its own file (admin.sqlite in OPTLINE_DATA), WAL, synchronous FULL. Each record is
// one JSON column under its key; better-sqlite3 is synchronous, so every method is one statement.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { AdminSession, AdminStore, StoredChannel, StoredCredentials, WebhookRevision } from './admin-store.ts';
import { guardUnavailable } from './guard-unavailable.ts';
import { mapSqliteError } from '../store/sqlite/sqlite-errors.ts';

export const ADMIN_SQLITE_FILE_NAME = 'admin.sqlite';

// Numbered migrations tracked in PRAGMA user_version. The first is idempotent: files made before the numbering
// (user_version 0) already hold its tables.
const MIGRATIONS: readonly string[] = [
  `
CREATE TABLE IF NOT EXISTS credentials (name TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS channels (name TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS webhook_revisions (
  webhook_id TEXT NOT NULL,
  revision INTEGER NOT NULL,
  json TEXT NOT NULL,
  PRIMARY KEY (webhook_id, revision)
);`,
  // 2: console sessions, by the hash of their id; expires_at (ISO) for the purge.
  `
CREATE TABLE sessions (id_hash TEXT PRIMARY KEY, expires_at TEXT NOT NULL, json TEXT NOT NULL);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);`,
];

function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true });
  const from = typeof current === 'number' ? current : 0;
  MIGRATIONS.slice(from).forEach((sql, index) => {
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${from + index + 1}`);
    }).immediate();
  });
}

type Row = { json: string };

export function openSqliteAdminStore(options: { dir: string }): Promise<AdminStore> {
  mkdirSync(options.dir, { recursive: true });
  const db = new Database(join(options.dir, ADMIN_SQLITE_FILE_NAME), { timeout: 2000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  migrate(db);
  const named = (table: 'credentials' | 'channels') => ({
    list: db.prepare<[], Row>(`SELECT json FROM ${table} ORDER BY name`),
    get: db.prepare<[string], Row>(`SELECT json FROM ${table} WHERE name = ?`),
    insert: db.prepare<[string, string]>(`INSERT OR IGNORE INTO ${table} (name, json) VALUES (?, ?)`),
    update: db.prepare<[string, string]>(`UPDATE ${table} SET json = ? WHERE name = ?`),
    delete: db.prepare<[string]>(`DELETE FROM ${table} WHERE name = ?`),
  });
  const credentials = named('credentials');
  const channels = named('channels');
  const revisions = {
    insert: db.prepare<[string, number, string]>(
      'INSERT OR IGNORE INTO webhook_revisions (webhook_id, revision, json) VALUES (?, ?, ?)',
    ),
    of: db.prepare<[string], Row>('SELECT json FROM webhook_revisions WHERE webhook_id = ? ORDER BY revision'),
    latest: db.prepare<[], Row>(
      `SELECT json FROM webhook_revisions r WHERE revision = (SELECT MAX(revision) FROM webhook_revisions WHERE webhook_id = r.webhook_id) ORDER BY webhook_id`,
    ),
  };
  const sessions = {
    insert: db.prepare<[string, string, string]>('INSERT INTO sessions (id_hash, expires_at, json) VALUES (?, ?, ?)'),
    get: db.prepare<[string], Row>('SELECT json FROM sessions WHERE id_hash = ?'),
    delete: db.prepare<[string]>('DELETE FROM sessions WHERE id_hash = ?'),
    purge: db.prepare<[string]>('DELETE FROM sessions WHERE expires_at <= ?'),
  };
  const parse = <T>(row: Row | undefined): T | null => (row ? (JSON.parse(row.json) as T) : null);
  const save = (statements: typeof credentials, name: string, record: unknown, mode: 'create' | 'update') => {
    const json = JSON.stringify(record);
    return (mode === 'create' ? statements.insert.run(name, json) : statements.update.run(json, name)).changes === 1;
  };

  const store: AdminStore = {
    listCredentials: async () => credentials.list.all().map((row) => JSON.parse(row.json) as StoredCredentials),
    credentials: async (name) => parse<StoredCredentials>(credentials.get.get(name)),
    saveCredentials: async (record, mode) => save(credentials, record.name, record, mode),
    deleteCredentials: async (name) => credentials.delete.run(name).changes === 1,
    listChannels: async () => channels.list.all().map((row) => JSON.parse(row.json) as StoredChannel),
    channel: async (name) => parse<StoredChannel>(channels.get.get(name)),
    saveChannel: async (record, mode) => save(channels, record.name, record, mode),
    deleteChannel: async (name) => channels.delete.run(name).changes === 1,
    appendWebhookRevision: async (revision) =>
      revisions.insert.run(revision.webhookId, revision.revision, JSON.stringify(revision)).changes === 1,
    webhookRevisions: async (webhookId) =>
      revisions.of.all(webhookId).map((row) => JSON.parse(row.json) as WebhookRevision),
    latestWebhookRevisions: async () => revisions.latest.all().map((row) => JSON.parse(row.json) as WebhookRevision),
    close: async () => {
      db.close();
    },
    saveSession: async (session) => {
      sessions.insert.run(session.idHash, session.expiresAt, JSON.stringify(session));
    },
    session: async (idHash) => parse<AdminSession>(sessions.get.get(idHash)),
    deleteSession: async (idHash) => sessions.delete.run(idHash).changes === 1,
    purgeExpiredSessions: async (now) => sessions.purge.run(now).changes,
  };
  return Promise.resolve(guardUnavailable(store, mapSqliteError));
}
