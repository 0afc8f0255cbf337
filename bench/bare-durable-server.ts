// A second baseline for bench:ingest (BENCH_DURABLE_BASELINE=1): bare Express 5 that parses the JSON and, before
// its 200, stores the body durably the way Optline's embedded store does (one INSERT per request, group-committed
// by the store's own GroupCommit, the WAL synced after each COMMIT). The ratio to it leaves out what durability
// costs by itself, which the 200-only baseline cannot.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import express from 'express';
import { GroupCommit } from '../src/store/sqlite/group-commit.ts';
import { walSync } from '../src/store/sqlite/wal-sync.ts';

const dir = mkdtempSync(join(tmpdir(), 'optline-bench-durable-'));
const db = new Database(join(dir, 'bodies.sqlite'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec('CREATE TABLE bodies (seq INTEGER PRIMARY KEY, received_at TEXT NOT NULL, text TEXT NOT NULL)');
const insert = db.prepare<[string, string]>('INSERT INTO bodies (received_at, text) VALUES (?, ?)');
const wal = walSync(`${db.name}-wal`);
const writes = new GroupCommit(db, { aborts: () => true, mapError: (error) => error, sync: wal.sync });

const app = express();
app.post('/webhooks/:id/:secret', express.text({ type: 'application/json', limit: '256kb' }), async (req, res) => {
  const text = req.body as string;
  const keys = Object.keys(JSON.parse(text) as object).length;
  await writes.submit(() => insert.run(new Date().toISOString(), text));
  res.status(200).json({ status: 'ok', keys });
});
const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => {
  process.stdout.write(`bare durable express listening on ${process.env.PORT}\n`);
});
process.once('SIGTERM', () =>
  server.close(() => {
    void writes.drain().then(() => {
      wal.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
  }),
);
