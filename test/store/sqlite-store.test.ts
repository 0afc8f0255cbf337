// The store contract on a real SQLite file in a temporary directory, plus what only SQLite has: group commit.
import { statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { StoreUnavailableError } from '../../src/store/store-unavailable-error.ts';
import { bodyIdOf } from '../../src/store/idempotency-keys.ts';
import { openSqliteStore, SQLITE_FILE_NAME } from '../../src/store/sqlite/sqlite-store.ts';
import { storeContract, type StoreHarness } from './store-contract.ts';

async function sqliteHarness(): Promise<StoreHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'optline-sqlite-'));
  return {
    open: () => openSqliteStore({ dir, busyTimeoutMs: 100 }),
    // Another connection holding an exclusive transaction on the same file keeps the store from writing.
    blockWrites: async () => {
      const other = new Database(join(dir, SQLITE_FILE_NAME));
      other.exec('BEGIN EXCLUSIVE');
      return async () => {
        other.exec('ROLLBACK');
        other.close();
      };
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
    alterConsentChange: async (key, version, how) => {
      const db = new Database(join(dir, SQLITE_FILE_NAME));
      try {
        const where = 'WHERE profile_number = ? AND sender_number = ? AND consent_version = ?';
        const sql =
          how === 'content'
            ? `UPDATE events SET consent_after = json_set(consent_after, '$.state',
                 CASE json_extract(consent_after, '$.state') WHEN 'opted-out' THEN 'opted-in' ELSE 'opted-out' END) ${where}`
            : `UPDATE events SET consent_hash = NULL, consent_previous_hash = NULL ${where}`;
        expect(db.prepare(sql).run(key.profileNumber, key.senderNumber, version).changes).to.equal(1);
      } finally {
        db.close();
      }
    },
    cliEnv: { OPTLINE_DATA: dir, MONGODB_URI: '' },
  };
}

storeContract('SQLite', sqliteHarness);

describe('SQLite store', () => {
  // Each commit appends the pages it changed to the WAL, so the WAL's growth counts commits.
  it('commits writes submitted in the same tick as one transaction (group commit)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'optline-sqlite-'));
    const store = await openSqliteStore({ dir });
    const walFrames = () => Math.max(0, statSync(join(dir, `${SQLITE_FILE_NAME}-wal`)).size - 32) / (4096 + 24);
    const later = new Date(Date.now() + 60_000).toISOString();
    try {
      let start = walFrames();
      for (let index = 0; index < 50; index += 1) await store.rememberNonce('hook', `one-by-one-${index}`, later);
      const sequentialFrames = walFrames() - start;
      start = walFrames();
      await Promise.all(
        Array.from({ length: 50 }, (_, index) => store.rememberNonce('hook', `together-${index}`, later)),
      );
      const groupedFrames = walFrames() - start;
      expect(sequentialFrames).to.be.at.least(50);
      expect(groupedFrames).to.be.at.most(5);
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports StoreUnavailableError when the data directory cannot be created', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'optline-sqlite-'));
    try {
      writeFileSync(join(dir, 'file'), '');
      await openSqliteStore({ dir: join(dir, 'file', 'data') }).then(
        () => expect.fail('opened a store under a file'),
        (error: unknown) => expect(error).to.be.instanceOf(StoreUnavailableError),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('SQLite store: bodies kept apart (migration 10)', () => {
  it("moves each stored record's raw body into the bodies table once, losing none", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'optline-sqlite-'));
    try {
      await (await openSqliteStore({ dir })).close();
      // Back to version 9, with rows as they were stored then: each record holding its whole body.
      const db = new Database(join(dir, SQLITE_FILE_NAME));
      db.exec('DROP TABLE reviews; DROP TABLE bodies');
      db.pragma('user_version = 9');
      const batch = '{"results":[{"from":"447700900123","text":"STOP"},{"from":"447700900124","text":"YES"}]}';
      const single = '{"from":"447700900125","text":"Ünïcødé 👋"}';
      const insertEvent = db.prepare(
        `INSERT INTO events (webhook_id, request_id, profile_number, record, consent_changed, event_time)
         VALUES ('hook', ?, ?, ?, 0, '2024-05-01T10:00:00.000Z')`,
      );
      for (const [requestId, profile, rawBody] of [
        ['a', '+447700900123', batch],
        ['b', '+447700900124', batch],
        ['c', '+447700900125', single],
      ] as const) {
        const record = { webhookId: 'hook', requestId, receivedAt: '2024-05-01T10:00:01.000Z', rawBody, event: {} };
        insertEvent.run(requestId, profile, JSON.stringify(record));
      }
      const feedback = { webhookId: 'hook', messageId: 'm', receivedAt: '2024-05-01T11:00:00.000Z', rawBody: single };
      db.prepare(`INSERT INTO feedback (id, webhook_id, record, delivery) VALUES ('f', 'hook', ?, '{}')`).run(
        JSON.stringify(feedback),
      );
      db.close();

      const store = await openSqliteStore({ dir });
      try {
        const events = await store.listEvents({});
        expect(events.map((event) => [event.requestId, event.bodyId])).to.deep.equal([
          ['c', bodyIdOf(single)],
          ['b', bodyIdOf(batch)],
          ['a', bodyIdOf(batch)],
        ]);
        for (const event of events) expect(event).not.to.have.property('rawBody');
        expect(await store.rawBody(bodyIdOf(batch))).to.equal(batch);
        expect(await store.rawBody(bodyIdOf(single))).to.equal(single);
        const [report] = await store.listFeedback({});
        expect(report)
          .to.include({ bodyId: bodyIdOf(single) })
          .and.not.to.have.property('rawBody');
      } finally {
        await store.close();
      }
      const reader = new Database(join(dir, SQLITE_FILE_NAME), { readonly: true });
      expect(reader.prepare('SELECT COUNT(*) AS n FROM bodies').get()).to.deep.equal({ n: 2 });
      reader.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
