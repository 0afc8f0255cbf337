// Two Optline instances sharing one database: two stores, two dispatchers running at once, every reply sent
// once. On MongoDB (when MONGODB_URI is set; FerretDB in CI), where leases are inserts under unique keys, and
// on one SQLite file opened twice. Replies go through the production send-client resolver and credentials files.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { pino } from 'pino';
import { Dispatcher } from '../../src/dispatch/dispatcher.ts';
import { openMongoStore } from '../../src/store/mongo/mongo-store.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import * as callbacks from '../support/callbacks.ts';
import { startFakeVendors, type FakeVendors } from '../support/fake-send-clients.ts';
import { postJson, startService, type RunningService } from '../support/service.ts';
import { until } from '../support/until.ts';

interface SharedDatabase {
  open(): Promise<Store>;
  dispose(): Promise<void>;
}

async function sharedSqlite(): Promise<SharedDatabase> {
  const dir = await mkdtemp(join(tmpdir(), 'optline-two-'));
  return { open: () => openSqliteStore({ dir }), dispose: () => rm(dir, { recursive: true, force: true }) };
}

async function sharedMongo(uri: string): Promise<SharedDatabase> {
  const dbName = `optline_two_${randomUUID().slice(0, 8)}`;
  return {
    open: () => openMongoStore({ uri, dbName }),
    dispose: async () => {
      const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
      try {
        await client.db(dbName).dropDatabase();
      } finally {
        await client.close();
      }
    },
  };
}

const uri = process.env.MONGODB_URI?.trim();
const databases: Array<[string, () => Promise<SharedDatabase>]> = [
  ['SQLite', sharedSqlite],
  ...(uri ? [['MongoDB', () => sharedMongo(uri)] as [string, () => Promise<SharedDatabase>]] : []),
];

for (const [backend, makeDatabase] of databases) {
  describe(`two dispatchers on one database (${backend})`, function () {
    this.timeout(60_000);
    let database: SharedDatabase;
    let stores: Store[];
    let service: RunningService;
    let vendors: FakeVendors;

    before(async () => {
      database = await makeDatabase();
      stores = [await database.open(), await database.open()];
      vendors = await startFakeVendors();
      service = await startService({ store: stores[0]!, rulesDir: vendors.rulesDir, env: vendors.env });
    });
    after(async () => {
      await service.close();
      await vendors.close();
      for (const store of stores) await store.close();
      await database.dispose();
    });

    it('sends each of 30 replies once while both run at once', async () => {
      const people = Array.from({ length: 30 }, (_, index) => `+1202559${String(1000 + index)}`);
      for (const [index, from] of people.entries()) {
        const body = callbacks.sinch.inbound({
          requestId: `two-${index}`,
          from,
          to: vendors.sinch.senderNumber,
          text: 'STOP',
          at: new Date(),
        });
        expect((await postJson(service.urlOf(vendors.sinch.webhookId), body)).status).to.equal(200);
      }
      const dispatchers = stores.map(
        (store, index) =>
          new Dispatcher({
            store,
            clientFor: service.clientFor,
            logger: pino({ level: 'silent' }),
            owner: `instance-${index}`,
            pollIntervalMs: 5,
            batchSize: 4,
          }),
      );
      for (const dispatcher of dispatchers) dispatcher.start();
      try {
        await until(async () => (await stores[1]!.outbox({ state: 'sent', limit: 100 })).length >= people.length, {
          timeoutMs: 30_000,
          context: () => 'not every reply was sent',
          pollMs: 20,
        });
      } finally {
        await Promise.all(dispatchers.map((dispatcher) => dispatcher.stop()));
      }
      const references = vendors.sinch.provider.accepted.map((request) => vendors.sinch.sentOf(request).reference);
      const entries = await stores[0]!.outbox({ limit: 100 });
      expect([...references].sort()).to.deep.equal(entries.map((entry) => entry.id).sort());
      expect(entries.every((entry) => entry.state === 'sent' && entry.attempts === 1)).to.equal(true);
      expect(new Set(vendors.sinch.provider.accepted.map((request) => vendors.sinch.sentOf(request).to)).size).to.equal(
        people.length,
      );
    });
  });
}
